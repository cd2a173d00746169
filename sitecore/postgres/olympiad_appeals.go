package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

const appealColumns = `a.id, a.site_id, a.round_id, a.registration_id, g.participant_id, a.question_id, a.text, a.status,
	a.decision, a.points_before, a.points_after, coalesce(a.jury_member_id, 0), a.filed_at, a.decided_at`

// scanAppeal scans appealColumns, then any extra columns into extra.
func scanAppeal(row pgx.Row, extra ...any) (*olympiad.Appeal, error) {
	var (
		a       olympiad.Appeal
		status  string
		decided *time.Time
	)
	err := row.Scan(append([]any{&a.ID, &a.SiteID, &a.RoundID, &a.RegistrationID, &a.ParticipantID, &a.QuestionID, &a.Text,
		&status, &a.Decision, &a.PointsBefore, &a.PointsAfter, &a.JuryMemberID, &a.FiledAt, &decided}, extra...)...)
	a.Status = olympiad.AppealStatus(status)
	if decided != nil {
		a.DecidedAt = *decided
	}
	return &a, err
}

// checkText trims an appeal's or a decision's text and checks its length.
func checkText(field string, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if (required && s == "") || len([]rune(s)) > olympiad.MaxAppealText {
		return "", sitecore.Invalid(field, "olympiad.appeal_text", "max", strconv.Itoa(olympiad.MaxAppealText))
	}
	return s, nil
}

// FileAppeal stores an open appeal of the registration's participant about a question of
// their attempt or an item of their paper, with the points it has now.
func (db *DB) FileAppeal(ctx context.Context, a *olympiad.Appeal) error {
	text, err := checkText("text", a.Text, true)
	if err != nil {
		return err
	}
	a.Text = text
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		g, _, err := registrationRound(ctx, tx, a.SiteID, a.RegistrationID)
		if err != nil {
			return err
		}
		if g.ParticipantID != a.ParticipantID {
			return sitecore.NotFound("registration")
		}
		a.RoundID = g.RoundID
		var has bool
		if g.AttemptID != 0 {
			err = tx.QueryRow(ctx, `SELECT slots @> jsonb_build_array(jsonb_build_object('question_id', $2::bigint)),
					coalesce((SELECT points FROM quiz_answers WHERE attempt_id = $1 AND question_id = $2), 0)
				FROM quiz_attempts WHERE id = $1`, g.AttemptID, a.QuestionID).Scan(&has, &a.PointsBefore)
		} else {
			var items []float64
			err = tx.QueryRow(ctx, `SELECT items FROM olympiad_results WHERE registration_id = $1`, g.ID).Scan(&items)
			if has = a.QuestionID >= 1 && int(a.QuestionID) <= len(items); has {
				a.PointsBefore = items[a.QuestionID-1]
			}
		}
		if errors.Is(err, pgx.ErrNoRows) {
			err = nil
		}
		if err != nil {
			return err
		}
		if !has {
			return sitecore.Invalid("question_id", "olympiad.appeal_question")
		}
		a.Status = olympiad.AppealOpen
		err = tx.QueryRow(ctx, `
			INSERT INTO olympiad_appeals (site_id, round_id, registration_id, question_id, text, points_before, points_after)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id, filed_at`,
			a.SiteID, a.RoundID, a.RegistrationID, a.QuestionID, a.Text, a.PointsBefore).Scan(&a.ID, &a.FiledAt)
		if _, unique := uniqueViolation(err); unique {
			return sitecore.Conflictf("question_id", "olympiad.appeal_repeated")
		}
		a.PointsAfter = a.PointsBefore
		return err
	})
	if err != nil {
		a.ID = 0
	}
	return wrap("FileAppeal", err)
}

// FindAppeal returns the site's appeal or ENotFound.
func (db *DB) FindAppeal(ctx context.Context, siteID, id int64) (*olympiad.Appeal, error) {
	a, err := scanAppeal(db.Pool.QueryRow(ctx, `SELECT `+appealColumns+` FROM olympiad_appeals a
		JOIN olympiad_registrations g ON g.id = a.registration_id WHERE a.site_id = $1 AND a.id = $2`, siteID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindAppeal", sitecore.NotFound("appeal"))
	}
	return a, wrap("FindAppeal", err)
}

// AppealOf returns the appeal of a registration's question, or ENotFound.
func (db *DB) AppealOf(ctx context.Context, siteID, registrationID, questionID int64) (*olympiad.Appeal, error) {
	a, err := scanAppeal(db.Pool.QueryRow(ctx, `SELECT `+appealColumns+` FROM olympiad_appeals a
		JOIN olympiad_registrations g ON g.id = a.registration_id
		WHERE a.site_id = $1 AND a.registration_id = $2 AND a.question_id = $3`, siteID, registrationID, questionID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("AppealOf", sitecore.NotFound("appeal"))
	}
	return a, wrap("AppealOf", err)
}

// DecideAppeal records a jury member's decision on an open appeal. For a paper task an
// accepted appeal sets the item's points and the result's score in the same transaction;
// for a test the caller has regraded the attempt and set the result's score before.
func (db *DB) DecideAppeal(ctx context.Context, siteID int64, d olympiad.Decision, at time.Time) (*olympiad.Appeal, error) {
	comment, err := checkText("comment", d.Comment, false)
	if err != nil {
		return nil, err
	}
	var out *olympiad.Appeal
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		a, err := scanAppeal(tx.QueryRow(ctx, `SELECT `+appealColumns+` FROM olympiad_appeals a
			JOIN olympiad_registrations g ON g.id = a.registration_id WHERE a.site_id = $1 AND a.id = $2 FOR UPDATE OF a`,
			siteID, d.AppealID))
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("appeal")
		}
		if err != nil {
			return err
		}
		status := olympiad.AppealRejected
		if d.Accept {
			status = olympiad.AppealAccepted
		}
		if a.Status != olympiad.AppealOpen {
			if a.Status == status && a.JuryMemberID == d.JuryMemberID { // a retry
				out = a
				return nil
			}
			return sitecore.Conflictf("appeal_id", "olympiad.appeal_decided")
		}
		after := a.PointsBefore
		if d.Accept {
			after = d.Points
			g, r, err := registrationRound(ctx, tx, siteID, a.RegistrationID)
			if err != nil {
				return err
			}
			if task, _ := r.Task(g.Subject, g.Grade); g.AttemptID == 0 && task.Paper() {
				if err := setPaperItem(ctx, tx, g.ID, task, int(a.QuestionID), d.Points); err != nil {
					return err
				}
			}
		}
		out, err = scanAppeal(tx.QueryRow(ctx, `
			WITH up AS (
				UPDATE olympiad_appeals SET status = $3, decision = $4, points_after = $5, jury_member_id = $6, decided_at = $7
				WHERE site_id = $1 AND id = $2 RETURNING *)
			SELECT `+appealColumns+` FROM up a JOIN olympiad_registrations g ON g.id = a.registration_id`,
			siteID, a.ID, string(status), comment, after, d.JuryMemberID, at))
		if _, fk := foreignKeyViolation(err); fk {
			return sitecore.NotFound("user")
		}
		return err
	})
	return out, wrap("DecideAppeal", err)
}

// setPaperItem replaces one item's points of a paper result and recomputes its score.
func setPaperItem(ctx context.Context, tx pgx.Tx, registrationID int64, task olympiad.Task, item int, points float64) error {
	var items []float64
	if err := tx.QueryRow(ctx, `SELECT items FROM olympiad_results WHERE registration_id = $1 FOR UPDATE`,
		registrationID).Scan(&items); err != nil {
		return err
	}
	if item < 1 || item > len(items) {
		return sitecore.Invalid("question_id", "olympiad.appeal_question")
	}
	items[item-1] = points
	score, err := paperItems(task, items)
	if err != nil {
		return sitecore.Invalid("points", "olympiad.points", "max", strconv.FormatFloat(task.ItemPoints[item-1], 'f', -1, 64))
	}
	_, err = tx.Exec(ctx, `UPDATE olympiad_results SET items = $2, score = $3, updated_at = now() WHERE registration_id = $1`,
		registrationID, items, score)
	return err
}

// OpenAppeals returns the IDs of the round's open appeals.
func (db *DB) OpenAppeals(ctx context.Context, siteID, roundID int64) ([]int64, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT id FROM olympiad_appeals WHERE site_id = $1 AND round_id = $2 AND status = 'open'
		ORDER BY id`, siteID, roundID)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("OpenAppeals", err)
}

// CloseOpenAppeals marks the round's open appeals unanswered.
func (db *DB) CloseOpenAppeals(ctx context.Context, siteID, roundID int64, at time.Time) (int, error) {
	tag, err := db.Pool.Exec(ctx, `UPDATE olympiad_appeals SET status = 'unanswered', decided_at = $3
		WHERE site_id = $1 AND round_id = $2 AND status = 'open'`, siteID, roundID, at)
	if err != nil {
		return 0, wrap("CloseOpenAppeals", err)
	}
	return int(tag.RowsAffected()), nil
}
