// Package workflows holds Mektep's durable processes, one file each, with their input and
// output structs, workflow IDs and task queue names. Workflow code is deterministic: time
// comes from workflow.Now, concurrency from workflow.Go, and all I/O happens in activities.
// Only IDs and small state pass through Temporal.
package workflows

// TaskQueue is the task queue every Mektep workflow and activity runs on today. Processes
// that need their own scaling (exports, syndication) will get their own queue constant here.
const TaskQueue = "mektep"
