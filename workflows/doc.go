// Package workflows holds Mektep's durable processes, one file each, with their input and
// output structs, workflow IDs and task queue names. Workflow code is deterministic: time
// comes from workflow.Now, concurrency from workflow.Go, and all I/O happens in activities.
// Only IDs and small state pass through Temporal.
package workflows

// DefaultTaskQueue is the task queue every Mektep workflow and activity runs on unless
// TEMPORAL_TASK_QUEUE names another. Processes that need their own scaling (exports,
// syndication) will get their own queue here.
const DefaultTaskQueue = "mektep"
