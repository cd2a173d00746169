package activities

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
	"github.com/mektep/mektep/sitecore/quiz"
)

// Olympiad runs the steps of an olympiad's rounds against PostgreSQL: opening and closing
// registration, making the round's attempts when it starts, releasing and ranking results,
// appeals, qualification, diplomas and the participants' emails. The workflow passes only
// IDs and times; names and addresses are read here.
type Olympiad struct {
	Store     olympiad.Store
	Quiz      quiz.Store
	Mail      MailQueue
	PublicURL string
	// StartWorkers is how many attempts the round's start makes at once (8 if zero).
	StartWorkers int
}

// RoundRef names a round of an olympiad by its number (1 for the first).
type RoundRef struct {
	SiteID, OlympiadID int64
	Number             int
}

// RoundPlan is what the workflow needs of a round: its IDs, schedule, status and jury.
type RoundPlan struct {
	RoundID, NextRoundID int64 // NextRoundID is 0 for the last round
	Status               olympiad.RoundStatus
	RegistrationOpens    time.Time
	RegistrationCloses   time.Time
	NotifyBefore         time.Duration
	StartsAt, EndsAt     time.Time
	ResultsAt            time.Time
	AppealsClose         time.Time
	FreezeBy             time.Time
	Jury                 []int64
}

// LoadRound returns the plan of the olympiad's round with the number.
func (o *Olympiad) LoadRound(ctx context.Context, in RoundRef) (RoundPlan, error) {
	ol, err := o.Store.FindOlympiad(ctx, in.SiteID, in.OlympiadID)
	if err != nil {
		return RoundPlan{}, asTemporal(err)
	}
	if in.Number < 1 || in.Number > len(ol.Rounds) {
		return RoundPlan{}, asTemporal(sitecore.NotFound("round"))
	}
	r := ol.Rounds[in.Number-1]
	p := RoundPlan{RoundID: r.ID, Status: r.Status, RegistrationOpens: r.RegistrationOpens,
		RegistrationCloses: r.RegistrationCloses, NotifyBefore: r.NotifyBefore, StartsAt: r.StartsAt, EndsAt: r.EndsAt,
		ResultsAt: r.ResultsAt, AppealsClose: r.AppealsClose, FreezeBy: r.FreezeBy, Jury: ol.Jury}
	if in.Number < len(ol.Rounds) {
		p.NextRoundID = ol.Rounds[in.Number].ID
	}
	return p, nil
}

// RoundStep names a round for a step.
type RoundStep struct {
	SiteID, RoundID int64
	At              time.Time // the workflow's time of the step
	// HoldDeadlines (StartRound) makes the attempts without workflows of their own: the
	// round's workflow holds their deadlines (CloseDueAttempts). Histories recorded before
	// it lack the field, and their attempts get workflows through the intake relay.
	HoldDeadlines bool `json:",omitempty"`
}

// AdvanceRoundInput moves a round to a status.
type AdvanceRoundInput struct {
	SiteID, RoundID int64
	To              olympiad.RoundStatus
}

// AdvanceRound moves the round forward to the status (never back) and returns its status.
func (o *Olympiad) AdvanceRound(ctx context.Context, in AdvanceRoundInput) (olympiad.RoundStatus, error) {
	s, err := o.Store.AdvanceRound(ctx, in.SiteID, in.RoundID, in.To)
	return s, asTemporal(err)
}

// StartRound makes the attempt of every registration of a test task that has none yet, as
// started at the round's start (so every participant of a task has the same deadline however
// late this runs), and moves the round to running. With in.HoldDeadlines each attempt is
// written and linked in one statement (olympiad.Store.StartRoundAttempt) and has no
// workflow: the round's workflow holds the deadlines (CloseDueAttempts). Without it (runs
// recorded before), each is written with its intake row (quiz.Store.StartAttempt) and the
// AttemptRelay starts its workflow. Either way the round's spike is absorbed here, not in
// the students' requests. A retry skips the registrations done; an attempt made just before
// a crash is found by the one-open-attempt rule and linked. It returns the attempts made.
func (o *Olympiad) StartRound(ctx context.Context, in RoundStep) (int, error) {
	r, err := o.Store.FindRound(ctx, in.SiteID, in.RoundID)
	if err != nil {
		return 0, asTemporal(err)
	}
	type prepared struct {
		test *quiz.Test
		bank []quiz.Question
	}
	tests := map[int64]*prepared{}
	for _, t := range r.Tasks {
		if t.Paper() || tests[t.TestID] != nil {
			continue
		}
		test, err := o.Quiz.FindTest(ctx, in.SiteID, t.TestID)
		if err != nil {
			return 0, asTemporal(err)
		}
		bank, err := o.Quiz.QuestionsForTest(ctx, test)
		if err != nil {
			return 0, asTemporal(err)
		}
		tests[t.TestID] = &prepared{test, bank}
	}
	workers := o.StartWorkers
	if workers <= 0 {
		workers = 8
	}
	made := 0
	for {
		page, err := o.Store.RegistrationsWithoutAttempt(ctx, in.SiteID, in.RoundID, 1000)
		if err != nil {
			return made, asTemporal(err)
		}
		if len(page) == 0 {
			break
		}
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			firstErr error
			next     = make(chan olympiad.Registration)
		)
		for range workers {
			wg.Go(func() {
				for g := range next {
					p := tests[g.TestID]
					var err error
					if p == nil {
						err = sitecore.NotFound("test")
					} else {
						err = o.startOne(ctx, p.test, p.bank, &g, r.StartsAt, in.HoldDeadlines)
					}
					mu.Lock()
					if err != nil && firstErr == nil {
						firstErr = err
					} else if err == nil {
						made++
					}
					mu.Unlock()
				}
			})
		}
		for _, g := range page {
			next <- g
		}
		close(next)
		wg.Wait()
		if firstErr != nil {
			return made, asTemporal(firstErr)
		}
		activity.RecordHeartbeat(ctx, made)
	}
	if _, err := o.Store.AdvanceRound(ctx, in.SiteID, in.RoundID, olympiad.RoundRunning); err != nil {
		return made, asTemporal(err)
	}
	activity.GetLogger(ctx).Info("round started", "site", in.SiteID, "round", in.RoundID, "attempts", made)
	return made, nil
}

// startOne makes and links one registration's attempt: with hold, in one statement and
// without a workflow (the round holds the deadline); else with an intake row for the relay.
func (o *Olympiad) startOne(ctx context.Context, t *quiz.Test, bank []quiz.Question, g *olympiad.Registration, at time.Time, hold bool) error {
	a, err := quiz.NewAttempt(t, bank, g.ParticipantID, at, quiz.NewSeed(), 0)
	if err != nil {
		return err
	}
	if hold {
		err = o.Store.StartRoundAttempt(ctx, a, g.ID)
		if k := sitecore.AsError(err); k == nil || k.Key == "olympiad.attempt_linked" {
			return nil // linked by a run before a crash
		}
	} else {
		err = o.Quiz.StartAttempt(ctx, a, t.AttemptsAllowed)
	}
	if k := sitecore.AsError(err); k != nil && (k.Key == "quiz.attempt_open" || k.Key == "quiz.attempts_used") {
		// made before a crash: link the participant's attempt at the test
		as, lerr := o.Quiz.ListAttempts(ctx, t.SiteID, t.ID)
		if lerr != nil {
			return lerr
		}
		for _, x := range as {
			if x.StudentID == g.ParticipantID {
				a, err = &x, nil
				break
			}
		}
	}
	if err != nil {
		return err
	}
	return o.Store.LinkAttempt(ctx, g.SiteID, g.ID, a.ID)
}

// Released is what the workflow keeps after the results are released: who may appeal.
type Released struct {
	Results      int
	Participants olympiad.IDSet
}

// ReleaseResults collects the round's results from its attempts (and the jury's paper
// scores), ranks them, stores the places and moves the round to results, which makes them
// visible. It returns the participants with a result, for the appeal validator.
func (o *Olympiad) ReleaseResults(ctx context.Context, in RoundStep) (Released, error) {
	n, err := o.Store.CollectResults(ctx, in.SiteID, in.RoundID)
	if err != nil {
		return Released{}, asTemporal(err)
	}
	if _, err := o.standings(ctx, in.SiteID, in.RoundID); err != nil {
		return Released{}, err
	}
	if _, err := o.Store.AdvanceRound(ctx, in.SiteID, in.RoundID, olympiad.RoundResults); err != nil {
		return Released{}, asTemporal(err)
	}
	rel, err := o.RoundParticipants(ctx, in)
	rel.Results = n
	return rel, err
}

// RoundParticipants returns the round's participants with a result (a run continued as new
// reloads them).
func (o *Olympiad) RoundParticipants(ctx context.Context, in RoundStep) (Released, error) {
	ids, err := o.Store.Participants(ctx, in.SiteID, in.RoundID)
	if err != nil {
		return Released{}, asTemporal(err)
	}
	return Released{Participants: olympiad.NewIDSet(ids)}, nil
}

// standings ranks the round's results and stores the places.
func (o *Olympiad) standings(ctx context.Context, siteID, roundID int64) ([]olympiad.Standing, error) {
	entries, err := o.Store.Entries(ctx, siteID, roundID)
	if err != nil {
		return nil, asTemporal(err)
	}
	ss := olympiad.Rank(entries)
	if err := o.Store.SetPlaces(ctx, siteID, roundID, ss); err != nil {
		return nil, asTemporal(err)
	}
	return ss, nil
}

// AppealRequest is a participant's appeal as the HTTP layer sends it (the participant is
// the logged-in user; the registration is theirs in the round).
type AppealRequest struct {
	RegistrationID, ParticipantID, QuestionID int64
	Text                                      string
}

// FileAppealInput files an appeal in a round.
type FileAppealInput struct {
	SiteID, RoundID int64
	Appeal          AppealRequest
}

// FileAppeal stores the appeal and returns its ID. A retry after it was stored finds it.
func (o *Olympiad) FileAppeal(ctx context.Context, in FileAppealInput) (int64, error) {
	a := &olympiad.Appeal{SiteID: in.SiteID, RegistrationID: in.Appeal.RegistrationID, ParticipantID: in.Appeal.ParticipantID,
		QuestionID: in.Appeal.QuestionID, Text: in.Appeal.Text}
	err := o.Store.FileAppeal(ctx, a)
	if k := sitecore.AsError(err); k != nil && k.Key == "olympiad.appeal_repeated" && activity.GetInfo(ctx).Attempt > 1 {
		// A retry after the appeal was stored: its first try's appeal is the answer.
		prev, ferr := o.Store.AppealOf(ctx, in.SiteID, a.RegistrationID, a.QuestionID)
		if ferr == nil && prev.ParticipantID == a.ParticipantID && prev.Text == strings.TrimSpace(a.Text) {
			return prev.ID, nil
		}
	}
	if err == nil && a.RoundID != in.RoundID {
		return 0, asTemporal(sitecore.NotFound("registration"))
	}
	return a.ID, asTemporal(err)
}

// DecideAppealInput is a jury member's decision at the workflow's time.
type DecideAppealInput struct {
	SiteID, RoundID int64
	Decision        olympiad.Decision
	At              time.Time
}

// DecideAppeal records a jury member's decision. An accepted appeal of a test question
// regrades it: the question's new points become the answer's grade by the jury member (kept
// through later regrades), the attempt is regraded and its score becomes the result's. A
// paper item is changed by the store with the decision. A retry repeats the same writes.
func (o *Olympiad) DecideAppeal(ctx context.Context, in DecideAppealInput) (olympiad.AppealStatus, error) {
	a, err := o.Store.FindAppeal(ctx, in.SiteID, in.Decision.AppealID)
	if err != nil {
		return "", asTemporal(err)
	}
	if a.RoundID != in.RoundID {
		return "", asTemporal(sitecore.NotFound("appeal"))
	}
	if in.Decision.Accept && a.Status == olympiad.AppealOpen {
		g, err := o.Store.FindRegistration(ctx, in.SiteID, a.RegistrationID)
		if err != nil {
			return "", asTemporal(err)
		}
		if g.AttemptID != 0 {
			if err := o.regrade(ctx, g, a.QuestionID, in); err != nil {
				return "", err
			}
		}
	}
	d, err := o.Store.DecideAppeal(ctx, in.SiteID, in.Decision, in.At)
	if err != nil {
		return "", asTemporal(err)
	}
	return d.Status, nil
}

// regrade gives a test question of an appealed attempt its new points and recomputes the
// attempt and the result.
func (o *Olympiad) regrade(ctx context.Context, g *olympiad.Registration, questionID int64, in DecideAppealInput) error {
	att, err := o.Quiz.FindAttempt(ctx, in.SiteID, g.AttemptID)
	if err != nil {
		return asTemporal(err)
	}
	var slotPoints float64
	for _, s := range att.Slots {
		if s.QuestionID == questionID {
			slotPoints = s.Points
		}
	}
	if slotPoints == 0 {
		qs, err := o.Quiz.QuestionsByID(ctx, in.SiteID, []int64{questionID})
		if err != nil || len(qs) == 0 {
			return asTemporal(errors.Join(err, sitecore.Invalid("question_id", "olympiad.appeal_question")))
		}
		slotPoints = qs[0].Points
	}
	p := in.Decision.Points
	if p < 0 || p > slotPoints {
		return asTemporal(sitecore.Invalid("points", "olympiad.points", "max", strconv.FormatFloat(slotPoints, 'f', -1, 64)))
	}
	if err := o.Quiz.GradeAnswer(ctx, in.SiteID, att.ID, questionID, p/slotPoints, in.Decision.JuryMemberID); err != nil {
		return asTemporal(err)
	}
	graded, err := quiz.GradeStored(ctx, o.Quiz, in.SiteID, att.ID, in.At)
	if err != nil {
		return asTemporal(err)
	}
	return asTemporal(o.Store.SetResultScore(ctx, in.SiteID, g.ID, graded.Score))
}

// OpenRoundAppeals returns the round's open appeals (a run continued as new reloads them).
func (o *Olympiad) OpenRoundAppeals(ctx context.Context, in RoundStep) ([]int64, error) {
	ids, err := o.Store.OpenAppeals(ctx, in.SiteID, in.RoundID)
	return ids, asTemporal(err)
}

// CloseAppeals marks the appeals the jury did not decide by the freeze as unanswered.
func (o *Olympiad) CloseAppeals(ctx context.Context, in RoundStep) (int, error) {
	n, err := o.Store.CloseOpenAppeals(ctx, in.SiteID, in.RoundID, in.At)
	return n, asTemporal(err)
}

// FreezeInput freezes a round; NextRoundID is 0 for the last round.
type FreezeInput struct {
	SiteID, RoundID, NextRoundID int64
}

// Frozen is what freezing did.
type Frozen struct {
	Ranked, Qualified, Invited int
}

// FreezeRound ranks the round's final results (after the appeals), qualifies participants
// for the next round by the round's rule and registers them there, and moves the round to
// frozen. Running it again gives the same places and invites nobody twice.
func (o *Olympiad) FreezeRound(ctx context.Context, in FreezeInput) (Frozen, error) {
	r, err := o.Store.FindRound(ctx, in.SiteID, in.RoundID)
	if err != nil {
		return Frozen{}, asTemporal(err)
	}
	ss, err := o.standings(ctx, in.SiteID, in.RoundID)
	if err != nil {
		return Frozen{}, err
	}
	out := Frozen{Ranked: len(ss)}
	if in.NextRoundID != 0 {
		q := olympiad.Qualify(ss, r.Qualify)
		ids := make([]int64, len(q))
		for i, s := range q {
			ids[i] = s.RegistrationID
		}
		out.Qualified = len(ids)
		if out.Invited, err = o.Store.Qualify(ctx, in.SiteID, in.RoundID, in.NextRoundID, ids); err != nil {
			return out, asTemporal(err)
		}
	}
	if _, err := o.Store.AdvanceRound(ctx, in.SiteID, in.RoundID, olympiad.RoundFrozen); err != nil {
		return out, asTemporal(err)
	}
	activity.GetLogger(ctx).Info("round frozen", "site", in.SiteID, "round", in.RoundID, "ranked", out.Ranked,
		"qualified", out.Qualified, "rule", r.Qualify.String())
	return out, nil
}

// IssueDiplomas issues the round's diplomas by its award rule (a certificate of
// participation for everyone else with a result), each with a new verification code
// (diplomas issued before keep theirs), publishes them and moves the round to published.
// It returns how many are published.
func (o *Olympiad) IssueDiplomas(ctx context.Context, in RoundStep) (int, error) {
	r, err := o.Store.FindRound(ctx, in.SiteID, in.RoundID)
	if err != nil {
		return 0, asTemporal(err)
	}
	entries, err := o.Store.Entries(ctx, in.SiteID, in.RoundID)
	if err != nil {
		return 0, asTemporal(err)
	}
	var ds []olympiad.Diploma
	for _, s := range olympiad.Rank(entries) {
		if award, ok := r.Awards.For(s); ok {
			ds = append(ds, olympiad.Diploma{RoundID: r.ID, RegistrationID: s.RegistrationID, Award: award,
				Place: s.Place, Score: s.Score, Code: olympiad.NewCode()})
		}
	}
	if err := o.Store.IssueDiplomas(ctx, in.SiteID, ds); err != nil {
		return 0, asTemporal(err)
	}
	n, err := o.Store.PublishDiplomas(ctx, in.SiteID, in.RoundID, in.At)
	if err != nil {
		return 0, asTemporal(err)
	}
	_, err = o.Store.AdvanceRound(ctx, in.SiteID, in.RoundID, olympiad.RoundPublished)
	return n, asTemporal(err)
}

// OlympiadNotifyInput sends the emails of one kind (olympiad.MailReminder, …) to the round's
// participants (qualifiers only for MailQualified).
type OlympiadNotifyInput struct {
	SiteID, OlympiadID, RoundID int64
	Kind                        string
}

// NotifyParticipants queues one email per participant, keyed by round, kind and registration, so a
// retry queues nothing twice; it heartbeats the last registration done and a retry goes on
// from there. It returns how many were queued by this call.
func (o *Olympiad) NotifyParticipants(ctx context.Context, in OlympiadNotifyInput) (int, error) {
	ol, err := o.Store.FindOlympiad(ctx, in.SiteID, in.OlympiadID)
	if err != nil {
		return 0, asTemporal(err)
	}
	var r, next *olympiad.Round
	for i := range ol.Rounds {
		if ol.Rounds[i].ID == in.RoundID {
			r = &ol.Rounds[i]
			if i+1 < len(ol.Rounds) {
				next = &ol.Rounds[i+1]
			}
		}
	}
	if r == nil {
		return 0, asTemporal(sitecore.NotFound("round"))
	}
	var after int64
	if activity.HasHeartbeatDetails(ctx) {
		_ = activity.GetHeartbeatDetails(ctx, &after)
	}
	link := strings.TrimRight(o.PublicURL, "/") + "/olympiads/" + strconv.FormatInt(ol.ID, 10)
	sent := 0
	for {
		page, err := o.Store.Recipients(ctx, in.SiteID, in.RoundID, after, 500, in.Kind == olympiad.MailQualified)
		if err != nil {
			return sent, asTemporal(err)
		}
		if len(page) == 0 {
			return sent, nil
		}
		for _, p := range page {
			m := olympiad.Mail{Kind: in.Kind, Name: p.Name, Olympiad: ol.Title.In(p.Lang), Stage: r.Stage,
				At: localTime(r.StartsAt), Until: localTime(r.AppealsClose), Link: link}
			if in.Kind == olympiad.MailQualified && next != nil {
				m.Stage, m.At = next.Stage, localTime(next.StartsAt)
			}
			key := "olympiad/" + strconv.FormatInt(in.RoundID, 10) + "/" + in.Kind + "/" + strconv.FormatInt(p.RegistrationID, 10)
			if e := olympiad.Email(key, p.Lang, p.Email, m); e != nil && p.Email != "" {
				if err := o.Mail.Enqueue(ctx, e); err != nil {
					return sent, asTemporal(err)
				}
				sent++
			}
			after = p.RegistrationID
		}
		activity.RecordHeartbeat(ctx, after)
	}
}

// localTime shows an instant in Almaty's time, as emails do.
func localTime(t time.Time) string { return t.In(sitecore.Almaty).Format("02.01.2006 15:04") }
