package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"github.com/mektep/mektep/internal/app"
	"github.com/mektep/mektep/internal/config"
	"github.com/mektep/mektep/sitecore/backup"
	"github.com/mektep/mektep/workflows"
)

const backupUsage = `usage:
  mektep backup now       run a backup now through the worker and wait for it
  mektep backup list      list the backups in MEKTEP_BACKUP_STORE
  mektep backup drill     run a restore drill now through the worker and wait for it
  mektep backup restore [--backup ID] --to DATABASE_URL --to-mongodb-database NAME
                        [--to-mongodb-uri URI] [--replace]
                          restore a backup (default: the newest finished one) into empty
                          databases (--replace drops and recreates them first); needs
                          neither Temporal nor a worker
`

// backupCommand runs `mektep backup ...` (docs/operations.md has the runbook).
func backupCommand(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, backupUsage)
		return errors.New("backup: no subcommand given")
	}
	switch args[0] {
	case "list":
		st, err := app.OpenBackupStore(cfg.Backup)
		if err != nil {
			return err
		}
		all, err := backup.List(ctx, st)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTARTED\tSTATUS\tSIZE")
		for _, b := range all {
			status := "finished"
			if !b.Finished {
				status = "unfinished (no manifest; never restored)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f MiB\n", b.ID, b.Time.In(cfg.Backup.Location).Format(time.DateTime+" MST"), status, float64(b.Bytes)/(1<<20))
		}
		return tw.Flush()
	case "now", "drill":
		if err := cfg.RequireServices(); err != nil {
			return err
		}
		a, err := app.Open(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer a.Close()
		if args[0] == "drill" {
			d, err := workflows.RunRestoreDrill(ctx, a.Temporal, cfg.TaskQueue)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "drill of backup %s: ok=%v, restored in %.1f s\n", d.BackupID, d.OK, d.RestoreSeconds)
			for _, p := range d.Problems {
				fmt.Fprintln(out, "  -", p)
			}
			if !d.OK {
				return errors.New("the restore drill failed; operators were emailed")
			}
			return nil
		}
		res, err := workflows.RunBackup(ctx, a.Temporal, cfg.TaskQueue)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "backup %s finished: %d archives, %.1f MiB; retention deleted %v\n", res.ID, res.Files, float64(res.Bytes)/(1<<20), res.Pruned)
		return nil
	case "restore":
		fs := flag.NewFlagSet("backup restore", flag.ContinueOnError)
		var o app.RestoreOptions
		fs.StringVar(&o.ID, "backup", "", "backup ID (default: the newest finished backup)")
		fs.StringVar(&o.PostgresURL, "to", "", "PostgreSQL URL of the database to restore into")
		fs.StringVar(&o.MongoURI, "to-mongodb-uri", cfg.MongoURI, "Mongo API server to restore into")
		fs.StringVar(&o.MongoDB, "to-mongodb-database", "", "Mongo API database to restore into")
		fs.BoolVar(&o.Replace, "replace", false, "drop and recreate the target databases first")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if o.PostgresURL == "" || o.MongoDB == "" || o.MongoURI == "" {
			fmt.Fprint(os.Stderr, backupUsage)
			return errors.New("backup restore: --to, --to-mongodb-database and a Mongo URI (--to-mongodb-uri or MONGODB_URI) are required")
		}
		st, err := app.OpenBackupStore(cfg.Backup)
		if err != nil {
			return err
		}
		start := time.Now()
		o.Progress = func(step string) { fmt.Fprintf(out, "%7.1fs  restored %s\n", time.Since(start).Seconds(), step) }
		m, problems, err := app.Restore(ctx, st, backup.Postgres{BinDir: cfg.Backup.PGBin}, o)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "backup %s restored and checked in %.1f s: %d tables, %d collections, %d GridFS buckets\n",
			m.ID, time.Since(start).Seconds(), len(m.Tables), len(m.Collections), len(m.GridFS))
		for _, p := range problems {
			fmt.Fprintln(out, "  -", p)
		}
		if len(problems) > 0 {
			return errors.New("the restored data differs from the manifest")
		}
		return nil
	default:
		fmt.Fprint(os.Stderr, backupUsage)
		return fmt.Errorf("backup: unknown subcommand %q", args[0])
	}
}
