import AMQP
import Tracing

extension AMQPTable {
    /// The service context these message headers carry, as the instrument in force reads it; top-level when none.
    var tracingContext: ServiceContext {
        var context = ServiceContext.topLevel
        InstrumentationSystem.instrument.extract(self, into: &context, using: AMQPHeaderExtractor())
        return context
    }
}
