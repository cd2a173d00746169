package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.AdmissionStore = (*DB)(nil)

// --- campaigns ---

const campaignColumns = `id, site_id, title, grades, opens_at, closes_at, results_at,
	required_documents, instruction_langs, offer_days, reminder_days, withdraw_days, open_to_all_at,
	priorities, created_at`

// CreateCampaign stores the campaign and fills its ID and CreatedAt; the audit entry, if
// any, is written in the same transaction. An unknown site is ENotFound.
func (db *DB) CreateCampaign(ctx context.Context, c *sitecore.Campaign, a *sitecore.AuditEntry) error {
	title := c.Title
	if title == nil {
		title = map[sitecore.Lang]string{}
	}
	grades := c.Grades
	if grades == nil {
		grades = []sitecore.GradeSeats{}
	}
	titleJS, err := json.Marshal(title)
	if err != nil {
		return sitecore.Internal("CreateCampaign", err)
	}
	gradesJS, err := json.Marshal(grades)
	if err != nil {
		return sitecore.Internal("CreateCampaign", err)
	}
	docs := c.RequiredDocuments
	if docs == nil {
		docs = []string{}
	}
	priorities := c.Priorities
	if priorities == nil {
		priorities = []string{}
	}
	langs := make([]string, 0, len(c.InstructionLangs))
	for _, l := range c.InstructionLangs {
		langs = append(langs, string(l))
	}
	err = db.audited(ctx, c.SiteID, a, func(tx pgx.Tx) (bool, error) {
		err := tx.QueryRow(ctx, `
			INSERT INTO admission_campaigns (site_id, title, grades, opens_at, closes_at, results_at,
			                                 required_documents, instruction_langs, offer_days,
			                                 reminder_days, withdraw_days, open_to_all_at, priorities)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			RETURNING id, created_at`,
			c.SiteID, titleJS, gradesJS, c.OpensAt, c.ClosesAt, c.ResultsAt, docs, langs,
			c.OfferDays, c.ReminderDays, c.WithdrawDays, c.OpenToAllAt, priorities,
		).Scan(&c.ID, &c.CreatedAt)
		return err == nil, missingRef(err)
	})
	if err != nil { // rolled back: do not hand out the ID
		c.ID, c.CreatedAt = 0, time.Time{}
	}
	return wrap("CreateCampaign", err)
}

// FindCampaign returns the site's campaign; one of another site is ENotFound.
func (db *DB) FindCampaign(ctx context.Context, siteID, id int64) (*sitecore.Campaign, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+campaignColumns+` FROM admission_campaigns
		WHERE id = $1 AND site_id = $2`, id, siteID)
	if err != nil {
		return nil, wrap("FindCampaign", err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[sitecore.Campaign])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindCampaign", sitecore.NotFound("campaign"))
	}
	return c, wrap("FindCampaign", err)
}

// ListCampaigns returns the site's campaigns, newest first.
func (db *DB) ListCampaigns(ctx context.Context, siteID int64) ([]sitecore.Campaign, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+campaignColumns+` FROM admission_campaigns
		WHERE site_id = $1 ORDER BY created_at DESC, id DESC`, siteID)
	if err != nil {
		return nil, wrap("ListCampaigns", err)
	}
	cs, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.Campaign])
	return cs, wrap("ListCampaigns", err)
}

// --- applications ---

// appColumns select an application for RowToStructByName[sitecore.Application]; the number
// is derived from the campaign and the ID, never stored.
const appColumns = `id, campaign_id::text || '-' || id::text AS number, site_id, campaign_id,
	parent_id, child_name, child_iin, birth_date, grade, address, instruction_lang, phone, email,
	lang, status, released, waitlist_position, decline_reason, decline_text, offer_expires_at,
	disputed_at, in_catchment, priority, priority_status, created_at, updated_at`

// activeStatuses is the SQL condition of sitecore.AdmissionStatus.Active; it must stay the
// predicate of the applications_active_child index.
const activeStatuses = `status NOT IN ('declined', 'offer_expired', 'offer_declined', 'withdrawn')`

// number is the application number shown to families.
func number(campaignID, id int64) string {
	return strconv.FormatInt(campaignID, 10) + "-" + strconv.FormatInt(id, 10)
}

// collectApp returns the one application of rows, or ENotFound.
func collectApp(rows pgx.Rows, err error) (*sitecore.Application, error) {
	if err != nil {
		return nil, err
	}
	app, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[sitecore.Application])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("application")
	}
	return app, err
}

// submitAttempts bounds the retries of SubmitApplication when the application it clashed
// with stops being active before its number could be read.
const submitAttempts = 3

// SubmitApplication stores the application (Status defaults to submitted), its first
// history entry (actor "parent") and its intake outbox row in one transaction, wakes the
// intake relay, and fills ID, Number, CreatedAt and UpdatedAt. An active application for the
// same child in the campaign is EConflict on "child_iin": with its number in Args["number"]
// when it is the same parent's, without it (and recorded as a dispute, see
// sitecore.AppDispute) when it is another account's. A campaign that is not the site's is
// ENotFound, as is an unknown parent (user).
func (db *DB) SubmitApplication(ctx context.Context, app *sitecore.Application) error {
	if app.Status == "" {
		app.Status = sitecore.AppSubmitted
	}
	// Fast path: a new application joins the next group commit (intake_batch.go): one
	// statement and one WAL flush for every application that arrived meanwhile. A clash
	// with an active application, or a constraint, falls through to the transaction below,
	// which finds the precise answer.
	//
	// A request's Idempotency-Key in ctx is claimed, and its response stored, by the group
	// commit too. Every other way needs the key claimed before the work: such a request is
	// sent back (sitecore.ErrClaimFirst) to run again without it.
	var err error
	work := sitecore.IdempotentWorkFrom(ctx)
	if plainSubmission(app) {
		var ok bool
		ok, err = db.batcher().submit(ctx, app, work)
		if err != nil {
			return wrap("SubmitApplication", err)
		}
		if ok {
			return nil
		}
	}
	if work != nil {
		work.NeedClaim()
		app.ID, app.Number, app.CreatedAt, app.UpdatedAt = 0, "", time.Time{}, time.Time{}
		return sitecore.ErrClaimFirst
	}
	for range submitAttempts {
		var dup *activeApp
		var inserted bool
		err = db.inTx(ctx, func(tx pgx.Tx) error {
			var err error
			if dup, inserted, err = insertApplication(ctx, tx, app); err != nil || !inserted {
				return err
			}
			// The history entry and the intake row in one round trip. No NOTIFY here: its
			// commit-time lock would serialize a burst of submissions; the relay polls.
			_, err = tx.Exec(ctx, `
				WITH ev AS (
					INSERT INTO application_events (application_id, at, actor, to_status)
					VALUES ($1, $2, 'parent', $3))
				INSERT INTO admission_intake (application_id, created_at) VALUES ($1, $2)`,
				app.ID, app.CreatedAt, string(app.Status))
			return err
		})
		switch {
		case err != nil || inserted:
		case dup != nil && dup.parentID == app.ParentID:
			err = sitecore.Conflictf("child_iin", "admission.duplicate", "number", number(app.CampaignID, dup.id))
		case dup != nil:
			// Another account's application: never show it; record the claim for the school.
			if err = db.dispute(ctx, dup.id, app.ParentID); err == nil {
				err = sitecore.Conflictf("child_iin", "admission.duplicate_other")
			}
		default:
			// The clashing application ended meanwhile: try again, a few times.
			err = sitecore.Conflictf("child_iin", "admission.duplicate")
			continue
		}
		break
	}
	if err != nil { // rolled back: do not hand out the ID
		app.ID, app.Number, app.CreatedAt, app.UpdatedAt = 0, "", time.Time{}, time.Time{}
	}
	return wrap("SubmitApplication", err)
}

// plainSubmission reports whether app is a new submission that a group commit can store
// (what the batch statement writes; columns it leaves to their defaults are at them).
func plainSubmission(app *sitecore.Application) bool {
	return app.Status == sitecore.AppSubmitted && !app.Released && app.WaitlistPosition == 0 &&
		app.DeclineReason == "" && app.DeclineText == "" && app.OfferExpiresAt == nil
}

// activeApp is the child's active application that a submission clashed with.
type activeApp struct{ id, parentID int64 }

// insertApplication inserts app unless the child has an active application in the
// campaign, filling ID, Number, CreatedAt and UpdatedAt. When it does not insert (ok false),
// dup is the active application, or nil if that one ended meanwhile.
func insertApplication(ctx context.Context, tx pgx.Tx, app *sitecore.Application) (dup *activeApp, ok bool, err error) {
	app.ID = 0
	err = tx.QueryRow(ctx, `
		INSERT INTO applications (site_id, campaign_id, parent_id, child_name, child_iin, birth_date,
		                          grade, address, instruction_lang, phone, email, lang, status,
		                          released, waitlist_position, decline_reason, decline_text,
		                          offer_expires_at, in_catchment, priority, priority_status)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
		ON CONFLICT (campaign_id, child_iin) WHERE `+activeStatuses+` DO NOTHING
		RETURNING id, created_at, updated_at`,
		app.SiteID, app.CampaignID, app.ParentID, app.ChildName, app.ChildIIN.Digits(), app.BirthDate,
		app.Grade, app.Address, string(app.InstructionLang), app.Phone, app.Email, string(app.Lang),
		string(app.Status), app.Released, app.WaitlistPosition, app.DeclineReason, app.DeclineText,
		app.OfferExpiresAt, app.InCatchment, app.Priority, app.PriorityStatus,
	).Scan(&app.ID, &app.CreatedAt, &app.UpdatedAt)
	switch c, fk := foreignKeyViolation(err); {
	case err == nil:
		app.Number = number(app.CampaignID, app.ID)
		return nil, true, nil
	case fk && c == "applications_parent_id_fkey":
		return nil, false, sitecore.NotFound("user")
	case fk && c == "applications_site_id_fkey":
		return nil, false, sitecore.NotFound("site")
	case fk && c == "applications_campaign_fkey": // no such campaign, or one of another site
		return nil, false, sitecore.NotFound("campaign")
	case !errors.Is(err, pgx.ErrNoRows):
		return nil, false, err
	}
	// DO NOTHING: the conflicting row is committed, so this statement sees it unless it was
	// withdrawn (or the like) in between.
	dup, err = findActive(ctx, tx, app.CampaignID, app.ChildIIN)
	return dup, false, err
}

// findActive returns the child's active application in the campaign, or nil if there is
// none.
func findActive(ctx context.Context, q querier, campaignID int64, iin sitecore.IIN) (*activeApp, error) {
	var a activeApp
	err := q.QueryRow(ctx, `SELECT id, parent_id FROM applications
		WHERE campaign_id = $1 AND child_iin = $2 AND `+activeStatuses,
		campaignID, iin.Digits()).Scan(&a.id, &a.parentID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// activeNumber returns the number of the child's active application in the campaign, or
// "" if there is none.
func activeNumber(ctx context.Context, q querier, campaignID int64, iin sitecore.IIN) (string, error) {
	a, err := findActive(ctx, q, campaignID, iin)
	if a == nil || err != nil {
		return "", err
	}
	return number(campaignID, a.id), nil
}

// dispute records the claimant's claim on the application's child and flags the
// application (the first claim's time stays).
func (db *DB) dispute(ctx context.Context, appID, claimantID int64) error {
	_, err := db.Pool.Exec(ctx, `
		WITH d AS (INSERT INTO admission_disputes (application_id, claimant_id) VALUES ($1, $2)
		           ON CONFLICT (application_id, claimant_id) DO UPDATE
		           SET created_at = now(), resolved_at = NULL, outcome = NULL
		           WHERE admission_disputes.resolved_at IS NOT NULL)
		UPDATE applications SET disputed_at = COALESCE(disputed_at, now()) WHERE id = $1`, appID, claimantID)
	return err
}

// disputeQuery selects the claims on an application ($1) with the claimants' names and
// addresses, oldest first.
const disputeQuery = `
	SELECT d.claimant_id, u.full_name AS claimant_name, u.email AS claimant_email, d.created_at,
	       COALESCE(d.outcome, '') AS outcome, d.resolved_at
	FROM admission_disputes d JOIN users u ON u.id = d.claimant_id
	WHERE d.application_id = $1`

// Disputes returns the claims on the application's child with the claimants' names and
// addresses, oldest first. It is not scoped by site: check the application first.
func (db *DB) Disputes(ctx context.Context, appID int64) ([]sitecore.AppDispute, error) {
	ds, err := collectDisputes(db.Pool.Query(ctx, disputeQuery+` ORDER BY d.created_at, d.claimant_id`, appID))
	return ds, wrap("Disputes", err)
}

func collectDisputes(rows pgx.Rows, err error) ([]sitecore.AppDispute, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.AppDispute])
}

// SettleDispute resolves the application's open claims with the outcome, clears the
// application's flag and writes the audit entry (only when a claim changed), in one
// transaction; it returns the claims that have the outcome. Not scoped by site: the
// workflow's activity calls it for its own application.
func (db *DB) SettleDispute(ctx context.Context, appID int64, outcome string, a *sitecore.AuditEntry) ([]sitecore.AppDispute, error) {
	if outcome != sitecore.DisputeVoid && outcome != sitecore.DisputeStands {
		return nil, wrap("SettleDispute", sitecore.Invalid("outcome", "admission.outcome"))
	}
	var ds []sitecore.AppDispute
	err := db.audited(ctx, 0, a, func(tx pgx.Tx) (bool, error) {
		var siteID int64
		if err := tx.QueryRow(ctx, `UPDATE applications SET disputed_at = NULL WHERE id = $1 RETURNING site_id`,
			appID).Scan(&siteID); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return false, sitecore.NotFound("application")
			}
			return false, err
		}
		tag, err := tx.Exec(ctx, `UPDATE admission_disputes SET outcome = $2, resolved_at = now()
			WHERE application_id = $1 AND resolved_at IS NULL`, appID, outcome)
		if err != nil {
			return false, err
		}
		if a != nil && a.SiteID == 0 {
			a.SiteID = siteID
		}
		changed := tag.RowsAffected() > 0
		if !changed && outcome == sitecore.DisputeVoid && a != nil {
			// A void is audited even without a recorded claim (a family that phoned the
			// school), once: voiding ends the application, so it happens once.
			err = tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM audit_log
				WHERE site_id = $1 AND action = $2 AND target = $3)`, siteID, a.Action, a.Target).Scan(&changed)
			if err != nil {
				return false, err
			}
		}
		ds, err = collectDisputes(tx.Query(ctx, disputeQuery+` AND d.outcome = $2 ORDER BY d.created_at, d.claimant_id`, appID, outcome))
		return changed, err
	})
	return ds, wrap("SettleDispute", err)
}

// FindApplication returns the site's application; one of another site is ENotFound.
func (db *DB) FindApplication(ctx context.Context, siteID, id int64) (*sitecore.Application, error) {
	app, err := collectApp(db.Pool.Query(ctx, `SELECT `+appColumns+` FROM applications
		WHERE id = $1 AND site_id = $2`, id, siteID))
	return app, wrap("FindApplication", err)
}

// Application list page sizes.
const (
	defaultAppPage = 100
	maxAppPage     = 1000
)

// appSort is an order of application lists: a column (or a list of expressions), then the
// ID, in one direction.
type appSort struct {
	column string
	desc   bool
}

// priorityRank is an application's place by its confirmed priority category: the
// category's position in its campaign's list (1 first), 1000 without a confirmed one.
const priorityRank = `COALESCE(CASE WHEN priority_status = 'confirmed' THEN array_position(
	(SELECT c.priorities FROM admission_campaigns c WHERE c.id = applications.campaign_id), priority) END, 1000)`

// appSorts are the orders of AppFilter.Sort; "" and unknown values mean "created".
var appSorts = map[string]appSort{
	"created":  {"created_at", false},
	"-created": {"created_at", true},
	"name":     {"child_name", false}, // in Kazakh alphabetical order (the column's collation)
	"grade":    {"grade", false},
	"status":   {"status", false},
	// The order of decisions (admissions.DecideInOrder, issue #20): inside the catchment
	// before outside, then the confirmed priority category, then submission time.
	"priority": {"(NOT in_catchment), " + priorityRank + ", created_at", false},
}

// likeEscaper escapes the wildcards of LIKE patterns (with the default escape, \).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// ListApplications returns the site's applications matching f (see sitecore.AppFilter):
//   - Status matches any of the statuses; Grade and CampaignID when not 0;
//   - From and To bound created_at as [From, To), each when not zero;
//   - Search is a case-insensitive substring of the child's name or of the number;
//   - Sort is "created" (the default, also for unknown values), "-created", "name" (Kazakh
//     alphabetical order), "grade" or "status", ties broken by ID in the same direction;
//   - Limit is 100 when 0 or less, at most 1000;
//   - AfterID continues a list after that application in the same order (keyset paging:
//     pass the ID of the last row of the previous page with the same filter and Sort); an
//     ID outside the site (or the family) gives an empty page. Paging by
//     "status" can skip or repeat rows whose status changes between pages.
func (db *DB) ListApplications(ctx context.Context, f sitecore.AppFilter) ([]sitecore.Application, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	// scope is who may see a row at all; the cursor's row is looked up within it too, so a
	// cursor naming another school's (or family's) application finds nothing and tells
	// nothing about where that row sorts.
	var scope []string
	if f.SiteID != 0 || f.ParentID == 0 { // a family's own list may span sites
		scope = append(scope, "site_id = "+arg(f.SiteID))
	}
	if f.ParentID != 0 {
		scope = append(scope, "parent_id = "+arg(f.ParentID))
	}
	where := slices.Clone(scope)
	if f.CampaignID != 0 {
		where = append(where, "campaign_id = "+arg(f.CampaignID))
	}
	if len(f.Status) > 0 {
		ss := make([]string, len(f.Status))
		for i, s := range f.Status {
			ss[i] = string(s)
		}
		where = append(where, "status = ANY("+arg(ss)+"::text[])")
	}
	if f.Grade != 0 {
		where = append(where, "grade = "+arg(f.Grade))
	}
	if !f.From.IsZero() {
		where = append(where, "created_at >= "+arg(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "created_at < "+arg(f.To))
	}
	switch f.Priority {
	case "":
	case "any":
		where = append(where, "priority <> ''")
	case "none":
		where = append(where, "priority = ''")
	default:
		where = append(where, "priority = "+arg(f.Priority))
	}
	switch f.Catchment {
	case "in":
		where = append(where, "in_catchment")
	case "out":
		where = append(where, "NOT in_catchment")
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		p := arg("%" + likeEscaper.Replace(q) + "%")
		where = append(where, "(child_name ILIKE "+p+" OR (campaign_id::text || '-' || id::text) LIKE "+p+")")
	}
	sort, ok := appSorts[f.Sort]
	if !ok {
		sort = appSorts["created"]
	}
	dir, cmp := "ASC", ">"
	if sort.desc {
		dir, cmp = "DESC", "<"
	}
	if f.AfterID > 0 {
		where = append(where, "("+sort.column+", id) "+cmp+" (SELECT "+sort.column+", id FROM applications WHERE id = "+
			arg(f.AfterID)+" AND "+strings.Join(scope, " AND ")+")")
	}
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = defaultAppPage
	case limit > maxAppPage:
		limit = maxAppPage
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+appColumns+` FROM applications
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY `+sort.column+` `+dir+`, id `+dir+` LIMIT `+arg(limit), args...)
	if err != nil {
		return nil, wrap("ListApplications", err)
	}
	apps, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.Application])
	return apps, wrap("ListApplications", err)
}

// History returns the application's events, oldest first; an unknown application is
// ENotFound. It is not scoped by site: check the application with FindApplication first.
func (db *DB) History(ctx context.Context, appID int64) ([]sitecore.AppEvent, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT id, at, actor, from_status AS "from", to_status AS "to", note
		FROM application_events WHERE application_id = $1 ORDER BY id`, appID)
	if err != nil {
		return nil, wrap("History", err)
	}
	evs, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.AppEvent])
	if err != nil {
		return nil, wrap("History", err)
	}
	if len(evs) == 0 { // every application has its first event
		var exists bool
		if err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM applications WHERE id = $1)`, appID).Scan(&exists); err != nil {
			return nil, wrap("History", err)
		}
		if !exists {
			return nil, wrap("History", sitecore.NotFound("application"))
		}
	}
	return evs, nil
}

// Transition moves the application from one of the statuses in from to the status to,
// applies change and records ev in one transaction, and returns the updated application.
// A status not in from (an empty from included) is EConflict on "status" with the current
// status in Args["value"]; an unknown application is ENotFound. The event's From and To are
// the actual statuses (ev.From and ev.To are ignored) and its time is the update's unless
// ev.At is set. A transition that would make a second active application for the child is
// EConflict on "child_iin" as in SubmitApplication. It does not check seats: admit through
// ReserveSeat.
func (db *DB) Transition(ctx context.Context, appID int64, from []sitecore.AdmissionStatus, to sitecore.AdmissionStatus,
	change sitecore.AppChange, ev sitecore.AppEvent) (*sitecore.Application, error) {
	app, err := db.transition(ctx, appID, from, to, change, ev, false)
	return app, wrap("Transition", err)
}

// ReserveSeat is Transition to admitted when the grade of the application has a free seat:
// applications of the campaign and grade that are admitted or enrolled (this one aside) must
// be fewer than the grade's seats, else it is EConflict on "grade" with the grade in
// Args["value"]. A lock on the campaign row serialises the reservations of a campaign.
func (db *DB) ReserveSeat(ctx context.Context, appID int64, from []sitecore.AdmissionStatus, change sitecore.AppChange,
	ev sitecore.AppEvent) (*sitecore.Application, error) {
	app, err := db.transition(ctx, appID, from, sitecore.AppAdmitted, change, ev, true)
	return app, wrap("ReserveSeat", err)
}

// transition implements Transition and, with seat, ReserveSeat.
func (db *DB) transition(ctx context.Context, appID int64, from []sitecore.AdmissionStatus, to sitecore.AdmissionStatus,
	change sitecore.AppChange, ev sitecore.AppEvent, seat bool) (*sitecore.Application, error) {
	var (
		app        *sitecore.Application
		campaignID int64
		iin        string
		clash      bool
	)
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var grades []sitecore.GradeSeats
		if seat {
			// Lock the campaign first (the campaign of an application never changes, so it is
			// read unlocked), then the application: every reservation takes its locks in that
			// order. FOR NO KEY UPDATE serialises the reservations of a campaign without
			// blocking new applications (their foreign key check takes FOR KEY SHARE).
			err := tx.QueryRow(ctx, `
				SELECT c.grades FROM admission_campaigns c
				WHERE c.id = (SELECT a.campaign_id FROM applications a WHERE a.id = $1)
				FOR NO KEY UPDATE`, appID).Scan(&grades)
			if errors.Is(err, pgx.ErrNoRows) {
				return sitecore.NotFound("application")
			}
			if err != nil {
				return err
			}
		}
		var (
			current string
			grade   int
		)
		err := tx.QueryRow(ctx, `SELECT status, campaign_id, grade, child_iin FROM applications WHERE id = $1 FOR UPDATE`,
			appID).Scan(&current, &campaignID, &grade, &iin)
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("application")
		}
		if err != nil {
			return err
		}
		if !slices.Contains(from, sitecore.AdmissionStatus(current)) {
			return sitecore.Conflictf("status", "admission.state", "value", current)
		}
		if seat {
			// Under READ COMMITTED this statement sees every reservation committed before the
			// campaign lock was granted.
			var taken int
			err = tx.QueryRow(ctx, `SELECT count(*) FROM applications
				WHERE campaign_id = $1 AND grade = $2 AND status IN ('admitted', 'enrolled') AND id <> $3`,
				campaignID, grade, appID).Scan(&taken)
			if err != nil {
				return err
			}
			if c := (sitecore.Campaign{Grades: grades}); taken >= c.Seats(grade) {
				return sitecore.Conflictf("grade", "admission.no_seats", "value", strconv.Itoa(grade))
			}
		}
		// A nil pointer keeps the column; OfferExpiresAt pointing at the zero time clears it.
		var setOffer bool
		var offer *time.Time
		if change.OfferExpiresAt != nil {
			setOffer = true
			if !change.OfferExpiresAt.IsZero() {
				offer = change.OfferExpiresAt
			}
		}
		app, err = collectApp(tx.Query(ctx, `
			UPDATE applications SET status = $2,
				released = COALESCE($3, released),
				waitlist_position = COALESCE($4, waitlist_position),
				decline_reason = COALESCE($5, decline_reason),
				decline_text = COALESCE($6, decline_text),
				offer_expires_at = CASE WHEN $7 THEN $8 ELSE offer_expires_at END,
				updated_at = now()
			WHERE id = $1
			RETURNING `+appColumns,
			appID, string(to), change.Released, change.WaitlistPosition, change.DeclineReason, change.DeclineText,
			setOffer, offer))
		if _, ok := uniqueViolation(err); ok {
			clash = true
		}
		if err != nil {
			return err
		}
		at := app.UpdatedAt
		if !ev.At.IsZero() {
			at = ev.At
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO application_events (application_id, at, actor, from_status, to_status, note)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			appID, at, ev.Actor, current, string(to), ev.Note)
		return err
	})
	if clash {
		dup, lerr := activeNumber(ctx, db.Pool, campaignID, sitecore.IIN(iin))
		if lerr != nil {
			return nil, lerr
		}
		return nil, sitecore.Conflictf("child_iin", "admission.duplicate", "number", dup)
	}
	if err != nil {
		return nil, err
	}
	return app, nil
}

// NextWaitlisted returns the waitlisted application of the campaign's grade with the lowest
// position (then the lowest ID), or ENotFound. It is not scoped by site: the caller checks
// the campaign.
func (db *DB) NextWaitlisted(ctx context.Context, campaignID int64, grade int) (*sitecore.Application, error) {
	app, err := collectApp(db.Pool.Query(ctx, `SELECT `+appColumns+` FROM applications
		WHERE campaign_id = $1 AND grade = $2 AND status = 'waitlisted'
		ORDER BY waitlist_position, id LIMIT 1`, campaignID, grade))
	return app, wrap("NextWaitlisted", err)
}

// defaultIntakeBatch is the PendingIntake limit when none is given.
const defaultIntakeBatch = 100

// PendingIntake returns the IDs of applications whose workflow has not been started, oldest
// first, at most limit of them (100 when limit is 0 or less).
func (db *DB) PendingIntake(ctx context.Context, limit int) ([]int64, error) {
	if limit <= 0 {
		limit = defaultIntakeBatch
	}
	rows, err := db.Pool.Query(ctx, `SELECT application_id FROM admission_intake
		WHERE started_at IS NULL ORDER BY created_at, application_id LIMIT $1`, limit)
	if err != nil {
		return nil, wrap("PendingIntake", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("PendingIntake", err)
}

// MarkIntakeStarted records that the workflows of the applications run; IDs already marked
// keep their first time, and unknown IDs are ignored.
func (db *DB) MarkIntakeStarted(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := db.Pool.Exec(ctx, `UPDATE admission_intake SET started_at = now()
		WHERE application_id = ANY($1) AND started_at IS NULL`, ids)
	return wrap("MarkIntakeStarted", err)
}
