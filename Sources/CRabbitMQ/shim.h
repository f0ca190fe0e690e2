#ifndef EVENTHOS_CRABBITMQ_SHIM_H
#define EVENTHOS_CRABBITMQ_SHIM_H

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <amqp_framing.h>
#include <sys/eventfd.h>

/// `amqp_login` is variadic, which Swift cannot call: this wrapper fixes PLAIN authentication.
static inline amqp_rpc_reply_t eventhos_login_plain(amqp_connection_state_t state, const char *vhost,
                                                    int channel_max, int frame_max, int heartbeat,
                                                    const char *user, const char *password) {
    return amqp_login(state, vhost, channel_max, frame_max, heartbeat, AMQP_SASL_METHOD_PLAIN, user, password);
}

/// `amqp_login_with_properties` is variadic too: PLAIN authentication plus client properties
/// (connection name, capabilities) shown by the broker.
static inline amqp_rpc_reply_t eventhos_login_plain_with_properties(
    amqp_connection_state_t state, const char *vhost, int channel_max, int frame_max, int heartbeat,
    const amqp_table_t *properties, const char *user, const char *password) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max, heartbeat, properties,
                                      AMQP_SASL_METHOD_PLAIN, user, password);
}

/// A non-blocking, close-on-exec eventfd used to wake a connection's owner thread from poll().
static inline int eventhos_wakeup_fd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

#endif
