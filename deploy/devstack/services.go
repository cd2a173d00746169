package devstack

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// TemporalDevArgs tune the single-process dev server for many open workflows:
//   - one partition per task queue: with the default four, a task written to a partition no
//     poller waited on sat until a long poll (about a minute) ended elsewhere — registering
//     a burst of tickets stalled for 60 s;
//   - a larger in-memory limit of pending timer and transfer tasks: the dev server has one
//     history shard, so all timers share one queue, and past 9,000 pending tasks it split and
//     unloaded slices of it, firing some timers a minute late (20,000 open tickets). A
//     cluster spreads timers over hundreds of shards and never comes near the limit.
var TemporalDevArgs = []string{
	"--dynamic-config-value", "matching.numTaskqueueReadPartitions=1",
	"--dynamic-config-value", "matching.numTaskqueueWritePartitions=1",
	"--dynamic-config-value", "history.queuePendingTaskCriticalCount=200000",
	"--dynamic-config-value", "history.queuePendingTasksMaxCount=250000",
}

// StartTemporal runs the Temporal CLI dev server with a file-backed SQLite database under
// dir (WAL mode, about twice as fast), the frontend on port and the Web UI on uiPort
// (0 disables the UI).
func StartTemporal(ctx context.Context, bin, dir string, port, uiPort int) (*Process, error) {
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("temporal: %s missing; run `make bin/temporal`: %w", bin, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	args := []string{"server", "start-dev",
		"--db-filename", filepath.Join(dir, "temporal.db"),
		"--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal",
		"--ip", "127.0.0.1", "--port", fmt.Sprint(port),
		"--log-level", "error", "--namespace", "default"}
	args = append(args, TemporalDevArgs...)
	if uiPort > 0 {
		args = append(args, "--ui-port", fmt.Sprint(uiPort))
	} else {
		args = append(args, "--headless")
	}
	p, err := startProcess("temporal", filepath.Join(dir, "temporal.log"), bin, args...)
	if err != nil {
		return nil, err
	}
	if err := waitTCP(ctx, fmt.Sprintf("127.0.0.1:%d", port), p, 60*time.Second); err != nil {
		_ = p.Stop(time.Second)
		return nil, err
	}
	return p, nil
}

// StartFerretDB runs the embedded FerretDB program (deploy/ferretdb) on addr with its SQLite
// files in dir, and returns the MongoDB URI that reaches it.
func StartFerretDB(ctx context.Context, bin, dir, addr string) (*Process, string, error) {
	if _, err := os.Stat(bin); err != nil {
		return nil, "", fmt.Errorf("ferretdb: %s missing; run `make bin/mektep-ferretdb`: %w", bin, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", err
	}
	p, err := startProcess("ferretdb", filepath.Join(dir, "ferretdb.log"), bin, "-listen", addr, "-dir", dir)
	if err != nil {
		return nil, "", err
	}
	if err := waitTCP(ctx, addr, p, 60*time.Second); err != nil {
		_ = p.Stop(time.Second)
		return nil, "", err
	}
	return p, "mongodb://" + addr + "/", nil
}
