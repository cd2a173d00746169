package app_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// pgCounters is a snapshot of what PostgreSQL counted for the benchmark's database
// (pg_stat_statements, by statement) and for the whole server (pg_stat_wal: the server is
// shared, so other databases' writes are in it too).
type pgCounters struct {
	stmts             map[string]pgStmt
	walSync, walWrite int64
	walRecords        int64
	commits           int64              // pg_stat_database.xact_commit of the benchmark's database
	cpu               map[string]float64 // CPU seconds: this process, its children by name, this database's backends
}

type pgStmt struct {
	calls, rows int64
	ms          float64
}

// statementCounts is on when MEKTEP_BENCH_PGSS=1 and the server has pg_stat_statements in
// shared_preload_libraries: the burst then reports statements and WAL flushes per accepted
// application.
func statementCounts(tb testing.TB, s *stack) bool {
	tb.Helper()
	if os.Getenv("MEKTEP_BENCH_PGSS") != "1" {
		return false
	}
	if _, err := s.App.DB.Pool.Exec(context.Background(), `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`); err != nil {
		tb.Logf("pg_stat_statements: %v", err)
		return false
	}
	return true
}

func readPGCounters(tb testing.TB, s *stack) pgCounters {
	tb.Helper()
	ctx := context.Background()
	c := pgCounters{stmts: map[string]pgStmt{}, cpu: map[string]float64{}}
	rows, err := s.App.DB.Pool.Query(ctx, `SELECT query, sum(calls)::bigint, sum(rows)::bigint, sum(total_exec_time)
		FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		GROUP BY query`)
	if err != nil {
		tb.Fatal(err)
	}
	for rows.Next() {
		var q string
		var st pgStmt
		if err := rows.Scan(&q, &st.calls, &st.rows, &st.ms); err != nil {
			tb.Fatal(err)
		}
		c.stmts[q] = st
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT wal_sync, wal_write, wal_records,
		(SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) FROM pg_stat_wal`).
		Scan(&c.walSync, &c.walWrite, &c.walRecords, &c.commits); err != nil {
		tb.Fatal(err)
	}
	c.cpu["test process (server, worker, clients)"] = selfCPU().Seconds()
	for _, pid := range childPIDs(os.Getpid()) {
		c.cpu[procName(pid)] += procCPU([]int{pid}).Seconds()
	}
	var pids []int32
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT array_agg(pid) FROM pg_stat_activity WHERE datname = current_database()`).Scan(&pids); err != nil {
		tb.Fatal(err)
	}
	for _, pid := range pids {
		c.cpu["PostgreSQL backends of this database"] += procCPU([]int{int(pid)}).Seconds()
	}
	return c
}

func procName(pid int) string {
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	return strings.TrimSpace(string(data))
}

func childPIDs(parent int) []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		var pid int
		if _, err := fmt.Sscan(e.Name(), &pid); err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
		var ppid int
		fmt.Sscan(f[1], &ppid)
		if ppid == parent {
			out = append(out, pid)
		}
	}
	return out
}

// logPGCounters logs what happened between two snapshots, per accepted application.
func logPGCounters(tb testing.TB, what string, a, b pgCounters, n int) {
	tb.Helper()
	type line struct {
		q string
		d pgStmt
	}
	var lines []line
	var calls int64
	var ms float64
	for q, st := range b.stmts {
		d := pgStmt{calls: st.calls - a.stmts[q].calls, rows: st.rows - a.stmts[q].rows, ms: st.ms - a.stmts[q].ms}
		if d.calls <= 0 || strings.Contains(q, "pg_stat_") || strings.Contains(q, "status = 'submitted'") {
			continue
		}
		lines = append(lines, line{q, d})
		calls += d.calls
		ms += d.ms
	}
	slices.SortFunc(lines, func(x, y line) int { return int(y.d.calls - x.d.calls) })
	var out strings.Builder
	fmt.Fprintf(&out, "%s, per accepted application: %.2f statements (%.2f ms executing), %.2f commits of the database; server-wide WAL: %.3f syncs (flushes), %.3f writes, %.1f records\n",
		what, float64(calls)/float64(n), ms/float64(n), float64(b.commits-a.commits)/float64(n),
		float64(b.walSync-a.walSync)/float64(n), float64(b.walWrite-a.walWrite)/float64(n), float64(b.walRecords-a.walRecords)/float64(n))
	var names []string
	for k := range b.cpu {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		fmt.Fprintf(&out, "  CPU %s: %.2f s (%.3f ms per application)\n", k, b.cpu[k]-a.cpu[k], (b.cpu[k]-a.cpu[k])*1000/float64(n))
	}
	for _, l := range lines {
		q := strings.Join(strings.Fields(l.q), " ")
		if len(q) > 140 {
			q = q[:140] + "…"
		}
		fmt.Fprintf(&out, "  %7.3f calls/app %7.3f ms/app  %s\n", float64(l.d.calls)/float64(n), l.d.ms/float64(n), q)
	}
	tb.Log(out.String())
}
