#ifndef EVENTHOS_CRABBITMQ_SHIM_H
#define EVENTHOS_CRABBITMQ_SHIM_H

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <amqp_framing.h>
#include <amqp_ssl_socket.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <stdint.h>
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

/// Records the first certificate verification error of a handshake in the SSL_CTX's app data.
/// librabbitmq verifies the broker's certificate after the handshake and keeps the reason to itself;
/// this callback lets the error name it ("certificate has expired", "unable to get local issuer
/// certificate"). It never changes the outcome: `preverify_ok` is returned as it came.
static int eventhos_tls_record_verify_error(int preverify_ok, X509_STORE_CTX *store) {
    if (!preverify_ok) {
        SSL *ssl = (SSL *)X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
        SSL_CTX *context = ssl ? SSL_get_SSL_CTX(ssl) : NULL;
        if (context && SSL_CTX_get_app_data(context) == NULL) {
            SSL_CTX_set_app_data(context, (void *)(intptr_t)X509_STORE_CTX_get_error(store));
        }
    }
    return preverify_ok;
}

/// Prepares a librabbitmq SSL socket's context (`amqp_ssl_socket_get_context`): the verification
/// error recorder (verification mode stays librabbitmq's), and the system's trusted CAs when no CA
/// file will be loaded. Returns 1 on success.
static inline int eventhos_tls_prepare(void *context, int use_system_cas) {
    SSL_CTX *ssl_context = (SSL_CTX *)context;
    SSL_CTX_set_app_data(ssl_context, NULL);
    SSL_CTX_set_verify(ssl_context, SSL_CTX_get_verify_mode(ssl_context), eventhos_tls_record_verify_error);
    return use_system_cas ? SSL_CTX_set_default_verify_paths(ssl_context) : 1;
}

/// The X509 verification error recorded during the last handshake of `context`; 0 when none.
static inline long eventhos_tls_verify_error(void *context) {
    return (long)(intptr_t)SSL_CTX_get_app_data((SSL_CTX *)context);
}

/// The reason of the newest OpenSSL error of this thread ("wrong version number",
/// "tlsv13 alert certificate required"), or NULL when there is none.
static inline const char *eventhos_tls_last_error_reason(void) {
    unsigned long error = ERR_peek_last_error();
    return error ? ERR_reason_error_string(error) : NULL;
}

#endif
