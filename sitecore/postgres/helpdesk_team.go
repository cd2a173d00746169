package postgres

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// AutoAssign gives the ticket, if it has no assignee, to the support agent on duty whose
// last assignment is the oldest (never assigned first, then by user ID): a round robin that
// skips away agents and stays fair when agents join or come back. The ticket's row lock
// makes a retried call return the same agent; the agent's row lock serialises concurrent
// picks. It returns 0 when no agent is on duty.
func (db *DB) AutoAssign(ctx context.Context, ticketID int64) (int64, error) {
	var agent int64
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var current *int64
		err := tx.QueryRow(ctx, `SELECT assignee_id FROM tickets WHERE id = $1 FOR UPDATE`, ticketID).Scan(&current)
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("ticket")
		}
		if err != nil {
			return err
		}
		if current != nil {
			agent = *current
			return nil
		}
		// Agents appear in the duty table the first time a ticket is assigned.
		if _, err := tx.Exec(ctx, `INSERT INTO helpdesk_agents (user_id)
			SELECT id FROM users WHERE platform_role = 'support_agent' ON CONFLICT DO NOTHING`); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			UPDATE helpdesk_agents SET last_assigned_at = clock_timestamp()
			WHERE user_id = (
				SELECT h.user_id FROM helpdesk_agents h JOIN users u ON u.id = h.user_id
				WHERE NOT h.away AND u.platform_role = 'support_agent'
				ORDER BY h.last_assigned_at ASC NULLS FIRST, h.user_id
				LIMIT 1 FOR UPDATE OF h)
			RETURNING user_id`).Scan(&agent)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE tickets SET assignee_id = $2, updated_at = now() WHERE id = $1`, ticketID, agent)
		return err
	})
	return agent, wrap("AutoAssign", err)
}

// Agents returns the support team (agents and leads) with duty and open tickets.
func (db *DB) Agents(ctx context.Context) ([]sitecore.AgentDuty, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT u.id AS user_id, u.full_name AS name, u.email, u.platform_role AS role, coalesce(h.away, false) AS away,
		       h.last_assigned_at,
		       (SELECT count(*) FROM tickets t WHERE t.assignee_id = u.id AND t.status IN ('new', 'open', 'waiting'))::int AS open_tickets
		FROM users u LEFT JOIN helpdesk_agents h ON h.user_id = u.id
		WHERE u.platform_role IN ('support_agent', 'support_lead') ORDER BY u.id`)
	if err != nil {
		return nil, wrap("Agents", err)
	}
	as, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.AgentDuty])
	return as, wrap("Agents", err)
}

// SetAway marks an agent away (no new tickets) or back on duty.
func (db *DB) SetAway(ctx context.Context, userID int64, away bool) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO helpdesk_agents (user_id, away) VALUES ($1, $2)
		ON CONFLICT (user_id) DO UPDATE SET away = $2, updated_at = now()`, userID, away)
	if _, fk := foreignKeyViolation(err); fk {
		err = sitecore.NotFound("user")
	}
	return wrap("SetAway", err)
}

// SupportStaff returns the users with the platform role, by ID.
func (db *DB) SupportStaff(ctx context.Context, role sitecore.PlatformRole) ([]sitecore.User, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+userColumns+` FROM users WHERE platform_role = $1 ORDER BY id`, string(role))
	if err != nil {
		return nil, wrap("SupportStaff", err)
	}
	us, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[sitecore.User])
	return us, wrap("SupportStaff", err)
}

const policyColumns = `id, category, priority, first_response_ms, resolution_ms, reminder_pct, second_pct, calendar,
	auto_close_ms, solved_window_ms`

func scanPolicy(row pgx.CollectableRow) (sitecore.SLAPolicy, error) {
	var p sitecore.SLAPolicy
	var fr, res, ac, sw int64
	err := row.Scan(&p.ID, &p.Category, &p.Priority, &fr, &res, &p.ReminderPct, &p.SecondPct, &p.Calendar, &ac, &sw)
	p.FirstResponse, p.Resolution = time.Duration(fr)*time.Millisecond, time.Duration(res)*time.Millisecond
	p.AutoClose, p.SolvedWindow = time.Duration(ac)*time.Millisecond, time.Duration(sw)*time.Millisecond
	return p, err
}

// Policies returns every SLA policy.
func (db *DB) Policies(ctx context.Context) ([]sitecore.SLAPolicy, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+policyColumns+` FROM helpdesk_policies ORDER BY category, priority`)
	if err != nil {
		return nil, wrap("Policies", err)
	}
	ps, err := pgx.CollectRows(rows, scanPolicy)
	return ps, wrap("Policies", err)
}

// PutPolicy stores the policy of its category and priority, replacing the one there, and
// fills its ID.
func (db *DB) PutPolicy(ctx context.Context, p *sitecore.SLAPolicy) error {
	ms := func(d time.Duration) int64 { return d.Milliseconds() }
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO helpdesk_policies (category, priority, first_response_ms, resolution_ms, reminder_pct, second_pct,
		                               calendar, auto_close_ms, solved_window_ms)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (category, priority) DO UPDATE SET first_response_ms = $3, resolution_ms = $4, reminder_pct = $5,
			second_pct = $6, calendar = $7, auto_close_ms = $8, solved_window_ms = $9
		RETURNING id`,
		string(p.Category), string(p.Priority), ms(p.FirstResponse), ms(p.Resolution), p.ReminderPct, p.SecondPct,
		p.Calendar, ms(p.AutoClose), ms(p.SolvedWindow)).Scan(&p.ID)
	return wrap("PutPolicy", err)
}

// WorkingHours returns the business calendar's hours and its holidays, by date.
func (db *DB) WorkingHours(ctx context.Context) (sitecore.WorkingHours, []sitecore.Holiday, error) {
	var h sitecore.WorkingHours
	var start, end int
	var days []int32
	err := db.Pool.QueryRow(ctx, `SELECT utc_offset_seconds, day_start_minutes, day_end_minutes, weekdays
		FROM helpdesk_calendar`).Scan(&h.UTCOffset, &start, &end, &days)
	if err != nil {
		return h, nil, wrap("WorkingHours", err)
	}
	h.DayStart, h.DayEnd = time.Duration(start)*time.Minute, time.Duration(end)*time.Minute
	for _, d := range days {
		h.Weekdays = append(h.Weekdays, time.Weekday(d))
	}
	rows, err := db.Pool.Query(ctx, `SELECT to_char(day, 'YYYY-MM-DD') AS day, name FROM helpdesk_holidays ORDER BY day`)
	if err != nil {
		return h, nil, wrap("WorkingHours", err)
	}
	hs, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.Holiday])
	return h, hs, wrap("WorkingHours", err)
}

// BusinessCalendar returns the business calendar with its holidays.
func (db *DB) BusinessCalendar(ctx context.Context) (sitecore.Calendar, error) {
	h, hs, err := db.WorkingHours(ctx)
	if err != nil {
		return sitecore.Calendar{}, err
	}
	c := sitecore.Calendar{UTCOffset: h.UTCOffset, DayStart: h.DayStart, DayEnd: h.DayEnd, Weekdays: h.Weekdays}
	for _, d := range hs {
		c.Holidays = append(c.Holidays, d.Day)
	}
	slices.Sort(c.Holidays)
	return c, nil
}

// SetCalendar replaces the working hours and the holidays in one transaction. Running
// tickets keep the calendar they loaded; new tickets and policy changes use the new one.
func (db *DB) SetCalendar(ctx context.Context, h sitecore.WorkingHours, holidays []sitecore.Holiday) error {
	days := make([]int32, len(h.Weekdays))
	for i, d := range h.Weekdays {
		days[i] = int32(d)
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE helpdesk_calendar SET utc_offset_seconds = $1, day_start_minutes = $2,
			day_end_minutes = $3, weekdays = $4`, h.UTCOffset, int(h.DayStart/time.Minute), int(h.DayEnd/time.Minute), days); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM helpdesk_holidays`); err != nil {
			return err
		}
		for _, d := range holidays {
			if _, err := tx.Exec(ctx, `INSERT INTO helpdesk_holidays (day, name) VALUES ($1::date, $2)
				ON CONFLICT (day) DO UPDATE SET name = $2`, d.Day, d.Name); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("SetCalendar", err)
}

// RecordEscalation stores the fired escalation once (fresh false for a repeat); from the
// breach (level 2) on it marks the clock breached and raises the ticket's level.
func (db *DB) RecordEscalation(ctx context.Context, e *sitecore.Escalation) (bool, error) {
	var fresh bool
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO ticket_escalations (ticket_id, clock, level, due_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING fired_at`,
			e.TicketID, e.Clock, e.Level, e.DueAt).Scan(&e.FiredAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return tx.QueryRow(ctx, `SELECT fired_at FROM ticket_escalations WHERE ticket_id = $1 AND clock = $2 AND level = $3`,
				e.TicketID, e.Clock, e.Level).Scan(&e.FiredAt)
		}
		if _, fk := foreignKeyViolation(err); fk {
			return sitecore.NotFound("ticket")
		}
		if err != nil {
			return err
		}
		fresh = true
		_, err = tx.Exec(ctx, `UPDATE tickets SET escalation_level = greatest(escalation_level, $3),
			first_response_breached = first_response_breached OR ($2 = 'first_response' AND $3 >= 2),
			resolution_breached = resolution_breached OR ($2 = 'resolution' AND $3 >= 2)
			WHERE id = $1`, e.TicketID, e.Clock, e.Level)
		return err
	})
	return fresh, wrap("RecordEscalation", err)
}

// Escalations returns the ticket's fired escalations in firing order.
func (db *DB) Escalations(ctx context.Context, ticketID int64) ([]sitecore.Escalation, error) {
	rows, err := db.Pool.Query(ctx, `SELECT ticket_id, clock, level, due_at, fired_at FROM ticket_escalations
		WHERE ticket_id = $1 ORDER BY fired_at, level`, ticketID)
	if err != nil {
		return nil, wrap("Escalations", err)
	}
	es, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.Escalation])
	return es, wrap("Escalations", err)
}

// CreateRatingToken stores a rating link's token hash.
func (db *DB) CreateRatingToken(ctx context.Context, hash []byte, ticketID int64, expires time.Time) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO ticket_rating_tokens (token_hash, ticket_id, expires_at) VALUES ($1, $2, $3)`,
		hash, ticketID, expires)
	return wrap("CreateRatingToken", err)
}

// PeekRatingToken returns the ticket of a usable token, or EInvalid on "token" (unknown,
// used or expired) without consuming it.
func (db *DB) PeekRatingToken(ctx context.Context, hash []byte) (int64, error) {
	var id int64
	err := db.Pool.QueryRow(ctx, `SELECT ticket_id FROM ticket_rating_tokens
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`, hash).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, wrap("PeekRatingToken", sitecore.Invalid("token", "helpdesk.token"))
	}
	return id, wrap("PeekRatingToken", err)
}

// RecordRating stores the rating, consuming the token (when given) in the same transaction:
// a token already used, expired or of another ticket is EInvalid on "token", and a ticket
// rated before is EConflict on "stars"; either way nothing is written.
func (db *DB) RecordRating(ctx context.Context, r *sitecore.TicketRating, tokenHash []byte) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if tokenHash != nil {
			tag, err := tx.Exec(ctx, `UPDATE ticket_rating_tokens SET used_at = now()
				WHERE token_hash = $1 AND ticket_id = $2 AND used_at IS NULL AND expires_at > now()`, tokenHash, r.TicketID)
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 1 {
				return sitecore.Invalid("token", "helpdesk.token")
			}
		}
		err := tx.QueryRow(ctx, `INSERT INTO ticket_ratings (ticket_id, agent_id, stars, comment, reason)
			SELECT id, solved_by, $2, $3, $4 FROM tickets WHERE id = $1
			ON CONFLICT (ticket_id) DO NOTHING RETURNING coalesce(agent_id, 0), created_at`,
			r.TicketID, r.Stars, r.Comment, r.Reason).Scan(&r.AgentID, &r.CreatedAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.Conflictf("stars", "helpdesk.rated")
		}
		return err
	})
	return wrap("RecordRating", err)
}

// FindRating returns the ticket's rating or ENotFound.
func (db *DB) FindRating(ctx context.Context, ticketID int64) (*sitecore.TicketRating, error) {
	rows, err := db.Pool.Query(ctx, `SELECT ticket_id, coalesce(agent_id, 0) AS agent_id, stars, comment, reason, created_at
		FROM ticket_ratings WHERE ticket_id = $1`, ticketID)
	if err != nil {
		return nil, wrap("FindRating", err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[sitecore.TicketRating])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindRating", sitecore.NotFound("rating"))
	}
	return r, wrap("FindRating", err)
}

// CannedResponses returns the prepared answers in the language.
func (db *DB) CannedResponses(ctx context.Context, lang sitecore.Lang) ([]sitecore.CannedResponse, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, lang, title, body, coalesce(created_by, 0) AS created_by, created_at
		FROM helpdesk_canned WHERE lang = $1 OR $1 = '' ORDER BY lang, id`, string(lang))
	if err != nil {
		return nil, wrap("CannedResponses", err)
	}
	cs, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.CannedResponse])
	return cs, wrap("CannedResponses", err)
}

// CreateCannedResponse stores a prepared answer and fills ID and CreatedAt.
func (db *DB) CreateCannedResponse(ctx context.Context, c *sitecore.CannedResponse) error {
	var by *int64
	if c.CreatedBy != 0 {
		by = &c.CreatedBy
	}
	err := db.Pool.QueryRow(ctx, `INSERT INTO helpdesk_canned (lang, title, body, created_by) VALUES ($1, $2, $3, $4)
		RETURNING id, created_at`, string(c.Lang), c.Title, c.Body, by).Scan(&c.ID, &c.CreatedAt)
	return wrap("CreateCannedResponse", err)
}

// DeleteCannedResponse removes a prepared answer; an unknown one is ENotFound.
func (db *DB) DeleteCannedResponse(ctx context.Context, id int64) error {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM helpdesk_canned WHERE id = $1`, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = sitecore.NotFound("canned")
	}
	return wrap("DeleteCannedResponse", err)
}

// AgentReports returns, for tickets solved in [from, to), each solver's figures and then
// the team's (AgentID 0): tickets solved, median first response and resolution (wall-clock
// seconds from creation), the share solved without a breach, and the ratings.
func (db *DB) AgentReports(ctx context.Context, from, to time.Time) ([]sitecore.AgentReport, error) {
	rows, err := db.Pool.Query(ctx, `
		WITH s AS (
			SELECT t.solved_by, t.created_at, t.first_response_at, t.solved_at,
			       NOT (t.first_response_breached OR t.resolution_breached) AS within, r.stars
			FROM tickets t LEFT JOIN ticket_ratings r ON r.ticket_id = t.id
			WHERE t.solved_at >= $1 AND t.solved_at < $2 AND t.solved_by IS NOT NULL)
		SELECT coalesce(s.solved_by, 0), coalesce(u.full_name, ''), count(*)::int,
		       coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.first_response_at - s.created_at)), 0)::float8,
		       coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.solved_at - s.created_at)), 0)::float8,
		       coalesce(100.0 * count(*) FILTER (WHERE s.within) / nullif(count(*), 0), 0)::float8,
		       coalesce(avg(s.stars), 0)::float8,
		       count(*) FILTER (WHERE s.stars = 1)::int, count(*) FILTER (WHERE s.stars = 2)::int,
		       count(*) FILTER (WHERE s.stars = 3)::int, count(*) FILTER (WHERE s.stars = 4)::int,
		       count(*) FILTER (WHERE s.stars = 5)::int,
		       GROUPING(s.solved_by)
		FROM s LEFT JOIN users u ON u.id = s.solved_by
		GROUP BY GROUPING SETS ((s.solved_by, u.full_name), ())
		ORDER BY GROUPING(s.solved_by), count(*) DESC, s.solved_by`, from, to)
	if err != nil {
		return nil, wrap("AgentReports", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (sitecore.AgentReport, error) {
		var r sitecore.AgentReport
		var total int
		err := row.Scan(&r.AgentID, &r.Name, &r.Solved, &r.MedianFirstResponseS, &r.MedianResolutionS, &r.WithinSLAPct,
			&r.AverageRating, &r.Ratings[0], &r.Ratings[1], &r.Ratings[2], &r.Ratings[3], &r.Ratings[4], &total)
		if total == 1 {
			r.AgentID, r.Name = 0, ""
		}
		return r, err
	})
	if err != nil {
		return nil, wrap("AgentReports", err)
	}
	if len(out) == 0 { // the empty grouping set of no rows still gives one row; this is a guard
		out = append(out, sitecore.AgentReport{})
	}
	return out, nil
}
