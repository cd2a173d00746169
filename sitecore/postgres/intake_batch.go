package postgres

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Group commit of admission intake. On the opening minute of a campaign thousands of
// parents submit at once; a transaction per application makes every one of them wait for its
// own WAL flush (fsync), so a durable server commits only as many applications as it can
// flush. The batcher gathers the submissions that arrive while a commit is in flight and
// stores them with one statement and one commit: each caller still gets its answer only
// after that commit, so a 201 always means "durable".
//
// Only the common case goes through a batch: a new application with no clash. Anything else
// (an active application for the same child, a campaign of another site, an unknown parent)
// is handled by the one-application path, which gives the precise error.

// intakeFlushers is how many batches may be in flight at once; while they commit, the next
// submissions queue up and form the following batches.
const (
	intakeFlushers = 4
	intakeMaxBatch = 128
)

type intakeReq struct {
	app  *sitecore.Application
	done chan intakeResult
}

type intakeResult struct {
	inserted bool  // false: take the one-application path (clash or constraint)
	err      error // an outage: the caller's answer
}

type intakeBatcher struct {
	db   *DB
	reqs chan *intakeReq
	quit chan struct{}
	wg   sync.WaitGroup
}

func (db *DB) batcher() *intakeBatcher {
	db.intakeOnce.Do(func() {
		b := &intakeBatcher{db: db, reqs: make(chan *intakeReq, intakeMaxBatch*intakeFlushers), quit: make(chan struct{})}
		for range intakeFlushers {
			b.wg.Go(b.run)
		}
		db.intake = b
	})
	return db.intake
}

func (b *intakeBatcher) stop() {
	close(b.quit)
	b.wg.Wait()
}

// submit queues app for the next batch and waits for its commit. ok is false when the
// application was not stored and must take the one-application path.
func (b *intakeBatcher) submit(ctx context.Context, app *sitecore.Application) (ok bool, err error) {
	r := &intakeReq{app: app, done: make(chan intakeResult, 1)}
	select {
	case b.reqs <- r:
	case <-ctx.Done():
		return false, ctx.Err()
	case <-b.quit:
		return false, nil
	}
	// Once queued, wait for the batch even if the caller leaves: the row may be committed,
	// and the idempotency record of the request must then say so.
	res := <-r.done
	return res.inserted, res.err
}

func (b *intakeBatcher) run() {
	for {
		var first *intakeReq
		select {
		case first = <-b.reqs:
		case <-b.quit:
			return
		}
		batch := []*intakeReq{first}
	gather:
		for len(batch) < intakeMaxBatch {
			select {
			case r := <-b.reqs:
				batch = append(batch, r)
			default:
				break gather
			}
		}
		b.flush(batch)
	}
}

// flush stores a batch with one statement. Rows that clash are left to the one-application
// path; if the statement itself fails on a constraint (a bad row poisons the whole
// statement), every request takes that path, which isolates the culprit.
func (b *intakeBatcher) flush(batch []*intakeReq) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The same child twice in one batch: the first goes in, the others take the
	// one-application path (and get the duplicate conflict there).
	type key struct {
		campaign int64
		iin      string
	}
	stored := map[key]*intakeReq{}
	var later []*intakeReq
	for _, r := range batch {
		k := key{r.app.CampaignID, r.app.ChildIIN.Digits()}
		if _, dup := stored[k]; dup {
			later = append(later, r)
			continue
		}
		stored[k] = r
	}
	for _, r := range later {
		r.done <- intakeResult{}
	}
	batch = slices.DeleteFunc(batch, func(r *intakeReq) bool { return slices.Contains(later, r) })
	n := len(batch)
	var (
		site, campaign, parent     = make([]int64, n), make([]int64, n), make([]int64, n)
		name, iin, addr, il, phone = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		email, lang, status        = make([]string, n), make([]string, n), make([]string, n)
		born                       = make([]time.Time, n)
		grade                      = make([]int32, n)
		inCatchment                = make([]bool, n)
		priority, priorityStatus   = make([]string, n), make([]string, n)
	)
	for i, r := range batch {
		a := r.app
		site[i], campaign[i], parent[i] = a.SiteID, a.CampaignID, a.ParentID
		name[i], iin[i], addr[i], il[i], phone[i] = a.ChildName, a.ChildIIN.Digits(), a.Address, string(a.InstructionLang), a.Phone
		email[i], lang[i], status[i] = a.Email, string(a.Lang), string(a.Status)
		born[i], grade[i] = a.BirthDate, int32(a.Grade)
		inCatchment[i], priority[i], priorityStatus[i] = a.InCatchment, a.Priority, a.PriorityStatus
	}
	rows, err := b.db.Pool.Query(ctx, `
		WITH input AS (
			SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::date[],
			                     $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
			                     $14::boolean[], $15::text[], $16::text[])
			       AS t(site_id, campaign_id, parent_id, child_name, child_iin, birth_date, grade, address,
			            instruction_lang, phone, email, lang, status, in_catchment, priority, priority_status)),
		a AS (
			INSERT INTO applications (site_id, campaign_id, parent_id, child_name, child_iin, birth_date,
			                          grade, address, instruction_lang, phone, email, lang, status,
			                          in_catchment, priority, priority_status)
			SELECT * FROM input
			ON CONFLICT (campaign_id, child_iin) WHERE `+activeStatuses+` DO NOTHING
			RETURNING id, campaign_id, child_iin, status, created_at, updated_at),
		ev AS (INSERT INTO application_events (application_id, at, actor, to_status)
			SELECT id, created_at, 'parent', status FROM a),
		intake AS (INSERT INTO admission_intake (application_id, created_at) SELECT id, created_at FROM a)
		SELECT id, campaign_id, child_iin, created_at, updated_at FROM a`,
		site, campaign, parent, name, iin, born, grade, addr, il, phone, email, lang, status,
		inCatchment, priority, priorityStatus)
	answered := map[*intakeReq]bool{}
	if err == nil {
		for rows.Next() {
			var id, camp int64
			var childIIN string
			var created, updated time.Time
			if err = rows.Scan(&id, &camp, &childIIN, &created, &updated); err != nil {
				break
			}
			if r := stored[key{camp, childIIN}]; r != nil {
				r.app.ID, r.app.CreatedAt, r.app.UpdatedAt = id, created, updated
				r.app.Number = number(camp, id)
				answered[r] = true
			}
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
	}
	switch {
	case err == nil:
		for _, r := range batch {
			r.done <- intakeResult{inserted: answered[r]}
		}
	case isConstraint(err):
		for _, r := range batch { // nothing was stored: each one alone finds out why
			r.done <- intakeResult{}
		}
	default:
		for _, r := range batch {
			r.app.ID, r.app.Number = 0, ""
			r.done <- intakeResult{err: err}
		}
	}
}

// isConstraint reports a constraint violation (foreign key, check, not null) of the batch.
func isConstraint(err error) bool {
	if _, fk := foreignKeyViolation(err); fk {
		return true
	}
	var code interface{ SQLState() string }
	return errors.As(err, &code) && len(code.SQLState()) == 5 && code.SQLState()[:2] == "23"
}
