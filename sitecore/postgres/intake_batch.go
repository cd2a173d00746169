package postgres

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

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
	work *sitecore.IdempotentWork // the request's Idempotency-Key, committed with the row (nil: none)
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
func (b *intakeBatcher) submit(ctx context.Context, app *sitecore.Application, work *sitecore.IdempotentWork) (ok bool, err error) {
	r := &intakeReq{app: app, work: work, done: make(chan intakeResult, 1)}
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
//
// A request that carries its Idempotency-Key (sitecore.IdempotentWork) has the key claimed by
// the same statement, and its application is stored only if the claim went in; its response
// is then stored under the key before the commit. The key, the application and the response
// are durable together, with one WAL flush for the whole batch. A request whose key was
// taken, or whose application clashed (its claim is dropped again before the commit), is
// told to claim its key first and run again (sitecore.ErrClaimFirst).
func (b *intakeBatcher) flush(batch []*intakeReq) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The same child, or the same Idempotency-Key, twice in one batch: the first goes in,
	// the others take the one-application path (and get the duplicate conflict, or the
	// stored response, there).
	type key struct {
		campaign int64
		iin      string
	}
	type idemKey struct{ scope, key string }
	stored := map[key]*intakeReq{}
	keys := map[idemKey]bool{}
	var later []*intakeReq
	for _, r := range batch {
		k := key{r.app.CampaignID, r.app.ChildIIN.Digits()}
		if _, dup := stored[k]; dup {
			later = append(later, r)
			continue
		}
		if r.work != nil {
			ik := idemKey{r.work.Scope, r.work.Key}
			if keys[ik] {
				later = append(later, r)
				continue
			}
			keys[ik] = true
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
		idemScope, idemKeys        = make([]*string, n), make([]*string, n)
		idemHash                   = make([][]byte, n)
		withKeys                   bool
	)
	for i, r := range batch {
		a := r.app
		site[i], campaign[i], parent[i] = a.SiteID, a.CampaignID, a.ParentID
		name[i], iin[i], addr[i], il[i], phone[i] = a.ChildName, a.ChildIIN.Digits(), a.Address, string(a.InstructionLang), a.Phone
		email[i], lang[i], status[i] = a.Email, string(a.Lang), string(a.Status)
		born[i], grade[i] = a.BirthDate, int32(a.Grade)
		inCatchment[i], priority[i], priorityStatus[i] = a.InCatchment, a.Priority, a.PriorityStatus
		if w := r.work; w != nil {
			idemScope[i], idemKeys[i], idemHash[i] = &w.Scope, &w.Key, w.Hash
			withKeys = true
		}
	}
	// Without keys the statement commits on its own; with keys the responses are stored in
	// the same transaction after it.
	var q interface {
		Query(context.Context, string, ...any) (pgx.Rows, error)
		Exec(context.Context, string, ...any) (pgconn.CommandTag, error)
	} = b.db.Pool
	var tx pgx.Tx
	var err error
	if withKeys {
		if tx, err = b.db.Pool.Begin(ctx); err == nil {
			defer tx.Rollback(ctx) //nolint:errcheck // a no-op after commit
			q = tx
		}
	}
	var rows pgx.Rows
	if err == nil {
		rows, err = q.Query(ctx, `
		WITH input AS (
			SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::date[],
			                     $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
			                     $14::boolean[], $15::text[], $16::text[], $17::text[], $18::text[], $19::bytea[])
			       WITH ORDINALITY
			       AS t(site_id, campaign_id, parent_id, child_name, child_iin, birth_date, grade, address,
			            instruction_lang, phone, email, lang, status, in_catchment, priority, priority_status,
			            idem_scope, idem_key, idem_hash, ord)),
		k AS (
			INSERT INTO idempotency_keys (scope, key, request_hash)
			SELECT idem_scope, idem_key, idem_hash FROM input WHERE idem_key IS NOT NULL
			ON CONFLICT DO NOTHING
			RETURNING scope, key),
		a AS (
			INSERT INTO applications (site_id, campaign_id, parent_id, child_name, child_iin, birth_date,
			                          grade, address, instruction_lang, phone, email, lang, status,
			                          in_catchment, priority, priority_status)
			SELECT site_id, campaign_id, parent_id, child_name, child_iin, birth_date, grade, address,
			       instruction_lang, phone, email, lang, status, in_catchment, priority, priority_status
			FROM input i
			WHERE i.idem_key IS NULL OR EXISTS (SELECT FROM k WHERE k.scope = i.idem_scope AND k.key = i.idem_key)
			ON CONFLICT (campaign_id, child_iin) WHERE `+activeStatuses+` DO NOTHING
			RETURNING id, campaign_id, child_iin, status, created_at, updated_at),
		ev AS (INSERT INTO application_events (application_id, at, actor, to_status)
			SELECT id, created_at, 'parent', status FROM a),
		intake AS (INSERT INTO admission_intake (application_id, created_at) SELECT id, created_at FROM a)
		SELECT i.ord, a.id, a.created_at, a.updated_at, k.key IS NOT NULL
		FROM input i
		LEFT JOIN a ON a.campaign_id = i.campaign_id AND a.child_iin = i.child_iin
		LEFT JOIN k ON k.scope = i.idem_scope AND k.key = i.idem_key`,
			site, campaign, parent, name, iin, born, grade, addr, il, phone, email, lang, status,
			inCatchment, priority, priorityStatus, idemScope, idemKeys, idemHash)
	}
	inserted := make([]bool, n)
	claimed := make([]bool, n)
	if err == nil {
		for rows.Next() {
			var ord int64
			var id *int64
			var created, updated *time.Time
			var got bool
			if err = rows.Scan(&ord, &id, &created, &updated, &got); err != nil {
				break
			}
			i := int(ord - 1)
			claimed[i] = got
			if id != nil {
				a := batch[i].app
				a.ID, a.CreatedAt, a.UpdatedAt = *id, *created, *updated
				a.Number = number(a.CampaignID, a.ID)
				inserted[i] = true
			}
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
	}
	// The responses of the stored applications go under their keys; the claims of those that
	// clashed are dropped (they take the one-application path after claiming again).
	responses := make([]*sitecore.StoredResponse, n)
	if err == nil && withKeys {
		var (
			dropScope, dropKey, setScope, setKey, setType []string
			setStatus                                     []int32
			setBody                                       [][]byte
		)
		for i, r := range batch {
			switch {
			case r.work == nil || !claimed[i]:
			case inserted[i]:
				resp := r.work.Respond(r.app)
				responses[i] = resp
				setScope, setKey, setType = append(setScope, r.work.Scope), append(setKey, r.work.Key), append(setType, resp.ContentType)
				setStatus, setBody = append(setStatus, int32(resp.Status)), append(setBody, resp.Body)
			default:
				dropScope, dropKey = append(dropScope, r.work.Scope), append(dropKey, r.work.Key)
			}
		}
		_, err = tx.Exec(ctx, `
			WITH dropped AS (DELETE FROM idempotency_keys
				WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND status = 0)
			UPDATE idempotency_keys k SET status = u.status, content_type = u.content_type, body = u.body,
				updated_at = now()
			FROM unnest($3::text[], $4::text[], $5::int[], $6::text[], $7::bytea[]) AS u(scope, key, status, content_type, body)
			WHERE k.scope = u.scope AND k.key = u.key`,
			dropScope, dropKey, setScope, setKey, setStatus, setType, setBody)
		if err == nil {
			err = tx.Commit(ctx)
		}
	}
	switch {
	case err == nil:
		for i, r := range batch {
			switch {
			case r.work == nil:
			case responses[i] != nil:
				r.work.Settled(responses[i])
			default:
				r.work.NeedClaim()
			}
			r.done <- intakeResult{inserted: inserted[i] && (r.work == nil || responses[i] != nil)}
		}
	case isConstraint(err):
		for _, r := range batch { // nothing was stored: each one alone finds out why
			r.app.ID, r.app.Number = 0, ""
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
