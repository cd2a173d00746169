package sitecore

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore/locale"
)

// Scopes of a maintenance notice: which sites it affects.
const (
	MaintenanceAll     = "all"      // every site
	MaintenanceOrgUnit = "org_unit" // the sites of an org unit and the units below it
	MaintenanceSites   = "sites"    // the operator's list
)

// MaintenanceStatus is where a notice's maintenance stands.
type MaintenanceStatus string

// Statuses of a maintenance notice.
const (
	MaintenanceScheduled  MaintenanceStatus = "scheduled"
	MaintenanceInProgress MaintenanceStatus = "in_progress"
	MaintenanceDone       MaintenanceStatus = "done"
	MaintenanceCancelled  MaintenanceStatus = "cancelled"
)

const (
	// MaintenanceLead is how far ahead planned maintenance must be announced (4.10 of the
	// seed); only an emergency, with its reason in the audit log, may start sooner.
	MaintenanceLead = 24 * time.Hour
	// MaintenanceReminder is how long before the start the admins are reminded.
	MaintenanceReminder = time.Hour
	// maxMaintenanceMinutes bounds the expected duration (a week).
	maxMaintenanceMinutes = 7 * 24 * 60
	maxMaintenanceMessage = 1000
	maxMaintenanceSites   = 10000
)

// Maintenance is a notice of planned (or emergency) maintenance of the platform.
type Maintenance struct {
	ID        int64             `json:"id"`
	StartsAt  time.Time         `json:"starts_at"`
	EndsAt    time.Time         `json:"ends_at"`
	Scope     string            `json:"scope"`
	OrgUnitID *int64            `json:"org_unit_id,omitempty"`
	SiteIDs   []int64           `json:"site_ids,omitempty"` // the operator's list (scope "sites")
	Message   map[Lang]string   `json:"message"`
	Emergency bool              `json:"emergency"`
	Reason    string            `json:"reason,omitempty"` // why an emergency cannot wait
	Status    MaintenanceStatus `json:"status"`
	// Version counts the announcements of a new time: 1, then one more per postponement.
	Version   int       `json:"version"`
	Sites     int       `json:"sites"` // how many sites it affects
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Open reports whether the notice still concerns the sites (its banner shows).
func (m *Maintenance) Open() bool {
	return m.Status == MaintenanceScheduled || m.Status == MaintenanceInProgress
}

// MaintenanceInput is an operator's request to schedule maintenance.
type MaintenanceInput struct {
	StartsAt        *time.Time        `json:"starts_at"`
	DurationMinutes int               `json:"duration_minutes"`
	Scope           string            `json:"scope"`
	OrgUnitID       *int64            `json:"org_unit_id"`
	SiteIDs         []int64           `json:"site_ids"`
	Message         map[string]string `json:"message"`
	Emergency       bool              `json:"emergency"`
	Reason          string            `json:"reason"`
}

// MaintenanceChange postpones a notice: a new start, and a new duration if given.
type MaintenanceChange struct {
	StartsAt        *time.Time `json:"starts_at"`
	DurationMinutes int        `json:"duration_minutes"` // 0 keeps the duration
	Emergency       bool       `json:"emergency"`
	Reason          string     `json:"reason"`
}

// MaintenanceMove is a postponement as the notice's workflow receives it: the new start and
// end; Emergency allows a start less than a day ahead, with Reason in the audit entry.
type MaintenanceMove struct {
	StartsAt, EndsAt time.Time
	Emergency        bool
	Reason           string
	Audit            *AuditEntry `json:",omitempty"`
}

// CheckMaintenanceStart refuses a start less than MaintenanceLead after now unless it is an
// emergency with a reason. The workflow's postpone validator runs it too.
func CheckMaintenanceStart(start *time.Time, now time.Time, emergency bool, reason string) error {
	if start == nil || start.IsZero() {
		return Invalid("starts_at", "field.required")
	}
	if emergency {
		if strings.TrimSpace(reason) == "" {
			return Invalid("reason", "maintenance.reason_required")
		}
		if utf8.RuneCountInString(reason) > maxMaintenanceMessage {
			return Invalid("reason", "field.too_long", "max", strconv.Itoa(maxMaintenanceMessage))
		}
		if start.Before(now.Add(-time.Minute)) {
			return Invalid("starts_at", "maintenance.in_past")
		}
		return nil
	}
	if start.Before(now.Add(MaintenanceLead)) {
		return Invalid("starts_at", "maintenance.too_soon", "hours", strconv.Itoa(int(MaintenanceLead/time.Hour)))
	}
	return nil
}

func checkMaintenanceDuration(minutes int) error {
	if minutes < 1 || minutes > maxMaintenanceMinutes {
		return Invalid("duration_minutes", "maintenance.duration", "max", strconv.Itoa(maxMaintenanceMinutes))
	}
	return nil
}

// Validate checks the request against now and returns the notice to store.
func (in MaintenanceInput) Validate(now time.Time) (*Maintenance, error) {
	if err := CheckMaintenanceStart(in.StartsAt, now, in.Emergency, in.Reason); err != nil {
		return nil, err
	}
	if err := checkMaintenanceDuration(in.DurationMinutes); err != nil {
		return nil, err
	}
	m := &Maintenance{StartsAt: in.StartsAt.UTC().Truncate(time.Second), Scope: in.Scope,
		Emergency: in.Emergency, Status: MaintenanceScheduled, Version: 1, Message: map[Lang]string{}}
	m.EndsAt = m.StartsAt.Add(time.Duration(in.DurationMinutes) * time.Minute)
	if in.Emergency {
		m.Reason = strings.TrimSpace(in.Reason)
	}
	switch in.Scope {
	case MaintenanceAll:
	case MaintenanceOrgUnit:
		if in.OrgUnitID == nil || *in.OrgUnitID <= 0 {
			return nil, Invalid("org_unit_id", "field.required")
		}
		m.OrgUnitID = in.OrgUnitID
	case MaintenanceSites:
		if len(in.SiteIDs) == 0 {
			return nil, Invalid("site_ids", "field.required")
		}
		if len(in.SiteIDs) > maxMaintenanceSites {
			return nil, Invalid("site_ids", "maintenance.too_many_sites", "max", strconv.Itoa(maxMaintenanceSites))
		}
		m.SiteIDs = in.SiteIDs
	case "":
		return nil, Invalid("scope", "field.required")
	default:
		return nil, Invalid("scope", "maintenance.scope")
	}
	for _, l := range DefaultLanguages {
		text := strings.TrimSpace(in.Message[string(l)])
		field := "message." + string(l)
		switch {
		case text == "":
			return nil, Invalid(field, "field.required")
		case utf8.RuneCountInString(text) > maxMaintenanceMessage:
			return nil, Invalid(field, "field.too_long", "max", strconv.Itoa(maxMaintenanceMessage))
		}
		m.Message[l] = text
	}
	for k := range in.Message {
		if !slices.Contains(DefaultLanguages, Lang(k)) {
			return nil, Invalid("message."+k, "lang.unsupported", "value", k)
		}
	}
	return m, nil
}

// Validate checks a postponement of m against now and returns the new start and end.
func (c MaintenanceChange) Validate(m *Maintenance, now time.Time) (start, end time.Time, err error) {
	if m.Status != MaintenanceScheduled {
		return start, end, Conflictf("status", "maintenance.not_scheduled", "status", string(m.Status))
	}
	if err := CheckMaintenanceStart(c.StartsAt, now, c.Emergency, c.Reason); err != nil {
		return start, end, err
	}
	start = c.StartsAt.UTC().Truncate(time.Second)
	if !start.After(m.StartsAt) {
		return start, end, Invalid("starts_at", "maintenance.not_later")
	}
	d := m.EndsAt.Sub(m.StartsAt)
	if c.DurationMinutes != 0 {
		if err := checkMaintenanceDuration(c.DurationMinutes); err != nil {
			return start, end, err
		}
		d = time.Duration(c.DurationMinutes) * time.Minute
	}
	return start, start.Add(d), nil
}

// MaintenanceRecipient is an admin of an affected site, emailed once per announcement.
type MaintenanceRecipient struct {
	UserID   int64
	Email    string
	FullName string
	Lang     Lang
}

// MaintenanceBanner is an open notice and the sites it affects, for the public sites' and
// panels' banner.
type MaintenanceBanner struct {
	ID       int64
	StartsAt time.Time
	EndsAt   time.Time
	Status   MaintenanceStatus
	Message  map[Lang]string
	SiteIDs  []int64
}

// MaintenanceStore keeps maintenance notices.
type MaintenanceStore interface {
	// CreateMaintenance stores m with its affected sites (resolved from its scope; an unknown
	// site or org unit is EInvalid on site_ids or org_unit_id) and the audit entry, and
	// fills m's ID, Sites and times.
	CreateMaintenance(ctx context.Context, m *Maintenance, a *AuditEntry) error
	// FindMaintenance returns the notice or ENotFound.
	FindMaintenance(ctx context.Context, id int64) (*Maintenance, error)
	// ListMaintenance returns the newest notices first.
	ListMaintenance(ctx context.Context, limit int) ([]*Maintenance, error)
	// RescheduleMaintenance stores a postponement as version, with its audit entry.
	RescheduleMaintenance(ctx context.Context, id int64, start, end time.Time, version int, a *AuditEntry) error
	// SetMaintenanceStatus records the notice's status.
	SetMaintenanceStatus(ctx context.Context, id int64, s MaintenanceStatus, a *AuditEntry) error
	// MaintenanceRecipients returns the owners and admins of the notice's sites whose user
	// ID is above after and falls in shard (user ID mod shards), in user ID order, each once.
	MaintenanceRecipients(ctx context.Context, id int64, shard, shards int, after int64, limit int) ([]MaintenanceRecipient, error)
	// OpenMaintenance returns the notices whose banner shows (scheduled or in progress).
	OpenMaintenance(ctx context.Context) ([]MaintenanceBanner, error)
}

// Kinds of maintenance emails.
const (
	MaintenanceMailNotice    = "notice"
	MaintenanceMailReminder  = "reminder"
	MaintenanceMailPostponed = "postponed"
	MaintenanceMailCancelled = "cancelled"
)

// MaintenanceEmail builds the email of kind about m to an admin, in the admin's language.
func MaintenanceEmail(key, kind string, m *Maintenance, r MaintenanceRecipient) *Email {
	lang := r.Lang.Text()
	t := locale.MaintenanceMail(kind, lang)
	return buildAccountEmail(key, lang, r.Email, r.FullName, t.Subject, t.Body,
		mailVar{Name: "start", Value: AlmatyTime(m.StartsAt)},
		mailVar{Name: "end", Value: AlmatyTime(m.EndsAt)},
		mailVar{Name: "message", Value: m.Message[lang]})
}

// AlmatyTime writes t as the admins read times: Almaty's wall clock with its offset.
func AlmatyTime(t time.Time) string { return t.In(Almaty).Format("2006-01-02 15:04 (UTC+5)") }
