package telemetry

import "github.com/herald-news/herald/pipeline"

// ObserveSink counts what became of one message given to the sink called
// sink, for pipeline.WithSinkObserver:
//
//	pipeline.RunDocumentSink(ctx, bus, "sqlite", db, pipeline.WithSinkObserver(m.ObserveSink))
//
// A write goes to herald_sink_writes_total{sink}; a failed write, retried
// later, to herald_errors_total{stage="sink-<name>",kind="transient"}; a
// message the sink cannot read to herald_errors_total{kind="permanent"} and
// herald_dead_letters_total, under the stage its dead-letter subject names
// (herald.dlq.sink-<name>).
func (m *Metrics) ObserveSink(sink string, r pipeline.SinkResult) {
	stage := pipeline.SinkConsumer(sink)
	switch r {
	case pipeline.SinkWritten:
		m.SinkWrites.WithLabelValues(sink).Inc()
	case pipeline.SinkRetried:
		m.Errors.WithLabelValues(stage, "transient").Inc()
	case pipeline.SinkDeadLettered:
		m.Errors.WithLabelValues(stage, "permanent").Inc()
		m.DeadLettered.WithLabelValues(stage).Inc()
	}
}
