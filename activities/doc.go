// Package activities holds the side effects of Mektep's workflows. Activities are methods on
// structs that hold their dependencies (stores, mailer); workflows refer to them by method
// value. Every activity is safe to run more than once: Temporal retries them after failures
// and crashes, so each one checks what is already done before doing it.
package activities
