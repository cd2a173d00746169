package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.HelpdeskStore = (*DB)(nil)

// ticketColumns select a ticket with its requester's and assignee's names, for
// RowToStructByName[sitecore.Ticket]; the FROM clause is ticketFrom.
const ticketColumns = `t.id, coalesce(t.site_id, 0) AS site_id, t.requester_id, coalesce(t.assignee_id, 0) AS assignee_id,
	t.category, t.priority, t.subject, t.description, t.status, t.lang, coalesce(t.merged_into, 0) AS merged_into,
	t.first_response_due, t.resolution_due, t.first_response_at, t.solved_at, coalesce(t.solved_by, 0) AS solved_by,
	t.closed_at, t.first_response_breached, t.resolution_breached, t.escalation_level, t.created_at, t.updated_at,
	r.full_name AS requester_name, coalesce(a.full_name, '') AS assignee_name`

const ticketFrom = ` FROM tickets t JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id`

// CreateTicket stores the ticket (status new), its description as the first message and
// its intake row in one statement, so a ticket is never accepted without the promise of a
// workflow. An unknown requester is ENotFound "user", an unknown site ENotFound "site".
func (db *DB) CreateTicket(ctx context.Context, t *sitecore.Ticket) error {
	if t.Priority == "" {
		t.Priority = sitecore.PriorityNormal
	}
	t.Status = sitecore.TicketNew
	var site *int64
	if t.SiteID != 0 {
		site = &t.SiteID
	}
	err := db.Pool.QueryRow(ctx, `
		WITH t AS (
			INSERT INTO tickets (site_id, requester_id, category, priority, subject, description, status, lang)
			VALUES ($1, $2, $3, $4, $5, $6, 'new', $7)
			RETURNING id, created_at, updated_at),
		m AS (INSERT INTO ticket_messages (ticket_id, author_id, body, created_at)
			SELECT id, $2, $6, created_at FROM t),
		i AS (INSERT INTO helpdesk_intake (ticket_id, created_at) SELECT id, created_at FROM t)
		SELECT id, created_at, updated_at FROM t`,
		site, t.RequesterID, string(t.Category), string(t.Priority), t.Subject, t.Description, string(t.Lang),
	).Scan(&t.ID, &t.CreatedAt, &t.UpdatedAt)
	switch c, fk := foreignKeyViolation(err); {
	case fk && c == "tickets_site_id_fkey":
		err = sitecore.NotFound("site")
	case fk:
		err = sitecore.NotFound("user")
	}
	if err != nil {
		t.ID = 0
	}
	return wrap("CreateTicket", err)
}

// FindTicket returns the ticket or ENotFound. It is not scoped: the helpdesk service
// decides who may see a ticket (its requester and agents).
func (db *DB) FindTicket(ctx context.Context, id int64) (*sitecore.Ticket, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+ticketColumns+ticketFrom+` WHERE t.id = $1`, id)
	if err != nil {
		return nil, wrap("FindTicket", err)
	}
	t, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[sitecore.Ticket])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindTicket", sitecore.NotFound("ticket"))
	}
	return t, wrap("FindTicket", err)
}

// Ticket list page sizes.
const (
	defaultTicketPage = 100
	maxTicketPage     = 5000
)

// ListTickets returns the tickets matching f, the newest first (oldest first with
// Ascending), at most Limit (100 by default, 5000 at most), after AfterID in that order.
func (db *DB) ListTickets(ctx context.Context, f sitecore.TicketFilter) ([]sitecore.Ticket, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where := []string{"true"}
	if f.RequesterID != 0 {
		where = append(where, "t.requester_id = "+arg(f.RequesterID))
	}
	switch {
	case f.AssigneeID < 0:
		where = append(where, "t.assignee_id IS NULL")
	case f.AssigneeID > 0:
		where = append(where, "t.assignee_id = "+arg(f.AssigneeID))
	}
	if f.SiteID != 0 {
		where = append(where, "t.site_id = "+arg(f.SiteID))
	}
	if len(f.Status) > 0 {
		ss := make([]string, len(f.Status))
		for i, s := range f.Status {
			ss[i] = string(s)
		}
		where = append(where, "t.status = ANY("+arg(ss)+"::text[])")
	}
	if f.Category != "" {
		where = append(where, "t.category = "+arg(string(f.Category)))
	}
	switch f.SLA {
	case "breached":
		where = append(where, "(t.first_response_breached OR t.resolution_breached)")
	case "paused":
		where = append(where, "t.status = 'waiting'")
	case "at_risk": // not breached yet, but a target breaches within the hour
		where = append(where, "NOT (t.first_response_breached OR t.resolution_breached)",
			"least(t.first_response_due, t.resolution_due) < now() + interval '1 hour'")
	case "ok":
		where = append(where, "NOT (t.first_response_breached OR t.resolution_breached)")
	}
	if !f.From.IsZero() {
		where = append(where, "t.created_at >= "+arg(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "t.created_at < "+arg(f.To))
	}
	dir := "DESC"
	if f.Ascending {
		dir = "ASC"
	}
	if f.AfterID > 0 {
		cmp := "<"
		if f.Ascending {
			cmp = ">"
		}
		where = append(where, "t.id "+cmp+" "+arg(f.AfterID))
	}
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = defaultTicketPage
	case limit > maxTicketPage:
		limit = maxTicketPage
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+ticketColumns+ticketFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY t.id `+dir+` LIMIT `+arg(limit), args...)
	if err != nil {
		return nil, wrap("ListTickets", err)
	}
	ts, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.Ticket])
	return ts, wrap("ListTickets", err)
}

// Messages returns the ticket's conversation, oldest first; internal notes only when
// internal is set.
func (db *DB) Messages(ctx context.Context, ticketID int64, internal bool) ([]sitecore.TicketMessage, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT m.id, m.ticket_id, coalesce(m.author_id, 0) AS author_id, coalesce(u.full_name, '') AS author_name,
		       m.internal, m.body, m.created_at
		FROM ticket_messages m LEFT JOIN users u ON u.id = m.author_id
		WHERE m.ticket_id = $1 AND (NOT m.internal OR $2) ORDER BY m.id`, ticketID, internal)
	if err != nil {
		return nil, wrap("Messages", err)
	}
	ms, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.TicketMessage])
	return ms, wrap("Messages", err)
}

// ApplyTicketChange records the change in one transaction: the event (once per key), the
// status, assignee, category, priority and SLA fields, and the message. A merge also notes
// the merge on the target ticket. A repeated key changes nothing and reports false.
func (db *DB) ApplyTicketChange(ctx context.Context, ch sitecore.TicketChange) (bool, error) {
	at := ch.At
	if at.IsZero() {
		at = time.Now()
	}
	var applied bool
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var actor *int64
		if ch.ActorID != 0 {
			actor = &ch.ActorID
		}
		err := tx.QueryRow(ctx, `INSERT INTO ticket_events (ticket_id, key, actor_id, kind, to_status, at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING RETURNING true`,
			ch.TicketID, ch.Key, actor, ch.Kind, string(ch.To), at).Scan(&applied)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // recorded before
		}
		if _, fk := foreignKeyViolation(err); fk {
			return sitecore.NotFound("ticket")
		}
		if err != nil {
			return err
		}
		var assignee *int64
		setAssignee := ch.AssigneeID != nil
		if setAssignee && *ch.AssigneeID != 0 {
			assignee = ch.AssigneeID
		}
		var merged *int64
		if ch.MergedInto != 0 {
			merged = &ch.MergedInto
		}
		_, err = tx.Exec(ctx, `
			UPDATE tickets SET
				status = coalesce(nullif($2, ''), status),
				assignee_id = CASE WHEN $3 THEN $4 ELSE assignee_id END,
				category = coalesce(nullif($5, ''), category),
				priority = coalesce(nullif($6, ''), priority),
				merged_into = coalesce($7, merged_into),
				first_response_at = CASE WHEN $8 AND first_response_at IS NULL THEN $9 ELSE first_response_at END,
				first_response_due = $10,
				resolution_due = $11,
				solved_at = CASE WHEN $2 = 'solved' THEN $9 WHEN $2 IN ('open', 'waiting') THEN NULL ELSE solved_at END,
				solved_by = CASE WHEN $2 = 'solved' THEN $12 WHEN $2 IN ('open', 'waiting') THEN NULL ELSE solved_by END,
				closed_at = CASE WHEN $2 = 'closed' THEN $9 ELSE closed_at END,
				updated_at = $9
			WHERE id = $1`,
			ch.TicketID, string(ch.To), setAssignee, assignee, string(ch.Category), string(ch.Priority), merged,
			ch.FirstResponse, at, ch.FirstResponseDue, ch.ResolutionDue, actor)
		if err != nil {
			return err
		}
		if ch.Body != "" {
			if _, err := tx.Exec(ctx, `INSERT INTO ticket_messages (ticket_id, author_id, internal, body, created_at)
				VALUES ($1, $2, $3, $4, $5)`, ch.TicketID, actor, ch.Internal, ch.Body, at); err != nil {
				return err
			}
		}
		if merged != nil {
			_, err = tx.Exec(ctx, `INSERT INTO ticket_messages (ticket_id, author_id, internal, body, created_at)
				VALUES ($1, $2, true, $3, $4)`, ch.MergedInto, actor, "Merged ticket #"+strconv.FormatInt(ch.TicketID, 10), at)
		}
		return err
	})
	return applied, wrap("ApplyTicketChange", err)
}

// TicketEvents returns the ticket's history, oldest first.
func (db *DB) TicketEvents(ctx context.Context, ticketID int64) ([]sitecore.TicketEvent, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, at, coalesce(actor_id, 0) AS actor_id, kind, to_status AS "to"
		FROM ticket_events WHERE ticket_id = $1 ORDER BY id`, ticketID)
	if err != nil {
		return nil, wrap("TicketEvents", err)
	}
	evs, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.TicketEvent])
	return evs, wrap("TicketEvents", err)
}

// AddAttachment stores an attachment's record and fills ID and CreatedAt.
func (db *DB) AddAttachment(ctx context.Context, a *sitecore.TicketAttachment) error {
	err := db.Pool.QueryRow(ctx, `INSERT INTO ticket_attachments (ticket_id, uploader_id, file_id, name, content_type, size)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`,
		a.TicketID, a.UploaderID, a.FileID, a.Name, a.ContentType, a.Size).Scan(&a.ID, &a.CreatedAt)
	if _, fk := foreignKeyViolation(err); fk {
		err = sitecore.NotFound("ticket")
	}
	return wrap("AddAttachment", err)
}

// Attachments returns the ticket's attachments, oldest first.
func (db *DB) Attachments(ctx context.Context, ticketID int64) ([]sitecore.TicketAttachment, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, ticket_id, uploader_id, file_id, name, content_type, size, created_at
		FROM ticket_attachments WHERE ticket_id = $1 ORDER BY id`, ticketID)
	if err != nil {
		return nil, wrap("Attachments", err)
	}
	as, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.TicketAttachment])
	return as, wrap("Attachments", err)
}

// PendingTicketIntake returns new tickets whose workflow has not been started, oldest first.
func (db *DB) PendingTicketIntake(ctx context.Context, limit int) ([]int64, error) {
	rows, err := db.Pool.Query(ctx, `SELECT ticket_id FROM helpdesk_intake WHERE started_at IS NULL
		ORDER BY created_at, ticket_id LIMIT $1`, limit)
	if err != nil {
		return nil, wrap("PendingTicketIntake", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("PendingTicketIntake", err)
}

// MarkTicketIntakeStarted records that the tickets' workflows run.
func (db *DB) MarkTicketIntakeStarted(ctx context.Context, ids []int64) error {
	_, err := db.Pool.Exec(ctx, `UPDATE helpdesk_intake SET started_at = now()
		WHERE ticket_id = ANY($1) AND started_at IS NULL`, ids)
	return wrap("MarkTicketIntakeStarted", err)
}
