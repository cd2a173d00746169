package postgres

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.HelpdeskConsoleStore = (*DB)(nil)

// Console queue page sizes.
const (
	defaultConsolePage = 100
	maxConsolePage     = 500
)

// openStatuses are the statuses of tickets the support team still works on.
const openStatuses = `('new', 'open', 'waiting')`

// ConsoleQueue returns the tickets of a console view. Open views sort by the nearest due
// time through the partial index tickets_open_due; the solved view by solving time.
func (db *DB) ConsoleQueue(ctx context.Context, f sitecore.ConsoleFilter) ([]sitecore.QueueTicket, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where := []string{"t.status IN " + openStatuses}
	order := "least(t.first_response_due, t.resolution_due), t.id"
	switch f.View {
	case sitecore.ViewMine:
		where = append(where, "t.assignee_id = "+arg(f.AgentID))
	case sitecore.ViewUnassigned:
		where = append(where, "t.assignee_id IS NULL")
	case sitecore.ViewBreached:
		where = append(where, "(t.first_response_breached OR t.resolution_breached OR least(t.first_response_due, t.resolution_due) < now())")
	case sitecore.ViewWaiting:
		where = append(where, "t.status = 'waiting'")
	case sitecore.ViewSolved:
		since := f.SolvedSince
		if since.IsZero() {
			since = time.Now().AddDate(0, 0, -7)
		}
		where = []string{"t.status IN ('solved', 'closed')", "t.solved_at >= " + arg(since)}
		order = "t.solved_at DESC, t.id DESC"
	}
	if f.Status != "" {
		where = append(where, "t.status = "+arg(string(f.Status)))
	}
	if f.Category != "" {
		where = append(where, "t.category = "+arg(string(f.Category)))
	}
	if f.Priority != "" {
		where = append(where, "t.priority = "+arg(string(f.Priority)))
	}
	if f.SiteID != 0 {
		where = append(where, "t.site_id = "+arg(f.SiteID))
	}
	if f.RegionID != 0 {
		where = append(where, `t.site_id IN (SELECT s.id FROM sites s WHERE s.org_unit_id IN (
			WITH RECURSIVE u(id) AS (SELECT `+arg(f.RegionID)+`::bigint
				UNION SELECT o.id FROM org_units o JOIN u ON o.parent_id = u.id)
			SELECT id FROM u))`)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		if n, err := strconv.ParseInt(strings.TrimPrefix(q, "#"), 10, 64); err == nil {
			where = append(where, "t.id = "+arg(n))
		} else {
			like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
			p := arg(like)
			where = append(where, "(t.subject ILIKE "+p+" OR r.full_name ILIKE "+p+" OR r.email ILIKE "+p+")")
		}
	}
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = defaultConsolePage
	case limit > maxConsolePage:
		limit = maxConsolePage
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+ticketColumns+`, coalesce(s.names, '{}') AS school_names`+ticketFrom+
		` LEFT JOIN sites s ON s.id = t.site_id WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT `+arg(limit), args...)
	if err != nil {
		return nil, wrap("ConsoleQueue", err)
	}
	ts, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.QueueTicket])
	return ts, wrap("ConsoleQueue", err)
}

// TicketClocks returns the tickets' SLA state with the highest escalation level fired on
// each clock, in one query.
func (db *DB) TicketClocks(ctx context.Context, ids []int64) ([]sitecore.ClockRow, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT t.id, t.status, t.category, t.priority, t.first_response_due, t.resolution_due, t.first_response_at,
		       t.first_response_breached, t.resolution_breached,
		       coalesce((SELECT max(level) FROM ticket_escalations e WHERE e.ticket_id = t.id AND e.clock = 'first_response'), 0) AS first_level,
		       coalesce((SELECT max(level) FROM ticket_escalations e WHERE e.ticket_id = t.id AND e.clock = 'resolution'), 0) AS resolution_level
		FROM tickets t WHERE t.id = ANY($1) ORDER BY t.id`, ids)
	if err != nil {
		return nil, wrap("TicketClocks", err)
	}
	cs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[sitecore.ClockRow])
	return cs, wrap("TicketClocks", err)
}

// TouchPresence records that the user has the ticket open.
func (db *DB) TouchPresence(ctx context.Context, ticketID, userID int64, at time.Time) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO ticket_presence (ticket_id, user_id, seen_at) VALUES ($1, $2, $3)
		ON CONFLICT (ticket_id, user_id) DO UPDATE SET seen_at = greatest(ticket_presence.seen_at, $3)`, ticketID, userID, at)
	if _, fk := foreignKeyViolation(err); fk {
		err = sitecore.NotFound("ticket")
	}
	return wrap("TouchPresence", err)
}

// Viewers returns who had the ticket open since since.
func (db *DB) Viewers(ctx context.Context, ticketID int64, since time.Time) ([]sitecore.Viewer, error) {
	rows, err := db.Pool.Query(ctx, `SELECT p.user_id, u.full_name AS name, p.seen_at
		FROM ticket_presence p JOIN users u ON u.id = p.user_id
		WHERE p.ticket_id = $1 AND p.seen_at >= $2 ORDER BY p.seen_at DESC`, ticketID, since)
	if err != nil {
		return nil, wrap("Viewers", err)
	}
	vs, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.Viewer])
	return vs, wrap("Viewers", err)
}

// LowRatings returns the low ratings given in [from, to), the newest first.
func (db *DB) LowRatings(ctx context.Context, from, to time.Time) ([]sitecore.LowRatingRow, error) {
	rows, err := db.Pool.Query(ctx, `SELECT r.ticket_id, t.subject, coalesce(r.agent_id, 0) AS agent_id, coalesce(u.full_name, '') AS agent_name,
		       r.stars, r.reason, r.comment, r.created_at
		FROM ticket_ratings r JOIN tickets t ON t.id = r.ticket_id LEFT JOIN users u ON u.id = r.agent_id
		WHERE r.stars <= $1 AND r.created_at >= $2 AND r.created_at < $3 ORDER BY r.created_at DESC LIMIT 500`,
		sitecore.LowRating, from, to)
	if err != nil {
		return nil, wrap("LowRatings", err)
	}
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.LowRatingRow])
	return rs, wrap("LowRatings", err)
}
