package sitecore

import (
	"context"
	"time"
)

// BackupDrill is the result of one restore drill: the newest backup restored into scratch
// databases and checked against its manifest.
type BackupDrill struct {
	RunID     string // the drill's workflow run, so a retried record is stored once
	BackupID  string
	StartedAt time.Time
	OK        bool
	Problems  []string // what differed or failed; empty when OK
	// RestoreSeconds is how long the restore itself took (the recovery time's main part).
	RestoreSeconds float64
}

// BackupDrills records restore drills and finds whom to alert.
type BackupDrills interface {
	// RecordBackupDrill stores the drill's result; it reports false if the run was recorded
	// before.
	RecordBackupDrill(ctx context.Context, d BackupDrill) (bool, error)
	// LatestBackupDrills returns the newest drills first, at most limit.
	LatestBackupDrills(ctx context.Context, limit int) ([]BackupDrill, error)
	// OperatorEmails returns the addresses of the platform's operators.
	OperatorEmails(ctx context.Context) ([]string, error)
}
