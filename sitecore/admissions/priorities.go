package admissions

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// PriorityCategories are the priority categories a campaign may recognise: brothers and
// sisters already at the school, children of the school's staff, of large families, with
// disabilities (special educational needs), orphans and children left without parental
// care, and children of servicemen (including those killed on duty). A campaign lists the
// ones it applies, highest first.
var PriorityCategories = []string{"sibling", "staff", "large_family", "disability", "orphan", "military"}

// Priority claim statuses.
const (
	PriorityClaimed   = "claimed"
	PriorityConfirmed = "confirmed"
	PriorityRejected  = "rejected"
)

// PriorityDocument is the kind of the document that supports a priority claim; a family
// with a claim may upload it whatever the campaign requires.
const PriorityDocument = "priority"

// checkPriorities validates a campaign's priority categories.
func checkPriorities(in []string) ([]string, error) {
	out := []string{}
	for i, p := range in {
		f := "priorities[" + strconv.Itoa(i) + "]"
		if !slices.Contains(PriorityCategories, p) {
			return nil, sitecore.Invalid(f, "admission.priority_unknown", "value", p)
		}
		if slices.Contains(out, p) {
			return nil, sitecore.Invalid(f, "admission.priority_duplicate", "value", p)
		}
		out = append(out, p)
	}
	return out, nil
}

// ReviewPriority confirms or rejects the application's priority claim (admissions:edit). A
// confirmation needs the supporting document; a rejection needs a remark, which the
// application's history keeps.
func (s *Service) ReviewPriority(ctx context.Context, p *sitecore.Principal, siteID, appID int64, confirm bool, remark string) (*sitecore.Application, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return nil, err
	}
	app, err := s.Store.FindApplication(ctx, siteID, appID)
	if err != nil {
		return nil, err
	}
	if app.Priority == "" {
		return nil, sitecore.Conflictf("priority", "admission.priority_none")
	}
	remark = strings.TrimSpace(remark)
	if utf8.RuneCountInString(remark) > maxText {
		return nil, sitecore.Invalid("remark", "field.too_long", "max", strconv.Itoa(maxText))
	}
	status := PriorityConfirmed
	if confirm {
		docs, err := s.Docs.Documents(ctx, appID)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(docs, func(d sitecore.AppDocument) bool { return d.Kind == PriorityDocument && d.Status != "rejected" }) {
			return nil, sitecore.Conflictf("priority", "admission.priority_no_document")
		}
	} else {
		if remark == "" {
			return nil, sitecore.Invalid("remark", "field.required")
		}
		status = PriorityRejected
	}
	note := "priority " + app.Priority + " " + status
	if remark != "" {
		note += ": " + remark
	}
	return s.Priorities.ReviewPriority(ctx, siteID, appID, status, sitecore.AppEvent{Actor: actorOf(p), Note: note})
}

// OrderRule names the order of decisions: addresses inside the catchment first, then a
// confirmed priority category (in the campaign's order), then submission time.
const OrderRule = "admission.order_rule"

// OrderedDecisions is the outcome of DecideInOrder.
type OrderedDecisions struct {
	// Rule is the message key of the order the decisions followed (OrderRule).
	Rule     string       `json:"-"`
	Admitted int          `json:"admitted"`
	Waitlist int          `json:"waitlisted"`
	Results  []BulkResult `json:"-"`
}

// DecideInOrder decides every application of the campaign's grade that waits for a decision
// (under review), in the order of decisions (ListApplications' "priority" sort): the first
// ones are admitted while the grade has free seats, the rest go to the waiting list in that
// order, after anyone already on it (admissions:edit). Unreviewed priority claims among
// them refuse the whole run (EConflict on "priority"): the order would not be final.
func (s *Service) DecideInOrder(ctx context.Context, p *sitecore.Principal, siteID, campaignID int64, grade int) (*OrderedDecisions, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return nil, err
	}
	c, err := s.Store.FindCampaign(ctx, siteID, campaignID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil, sitecore.Invalid("campaign_id", "admission.campaign_unknown")
	}
	if err != nil {
		return nil, err
	}
	if c.Seats(grade) == 0 {
		return nil, sitecore.Invalid("grade", "admission.grade_not_offered", "value", strconv.Itoa(grade))
	}
	base := sitecore.AppFilter{SiteID: siteID, CampaignID: campaignID, Grade: grade}
	queue, err := s.listAll(ctx, base, "priority", sitecore.AppUnderReview)
	if err != nil {
		return nil, err
	}
	pending := 0
	for _, a := range queue {
		if a.PriorityStatus == PriorityClaimed {
			pending++
		}
	}
	if pending > 0 {
		return nil, sitecore.Conflictf("priority", "admission.priority_pending", "count", strconv.Itoa(pending))
	}
	taken, err := s.listAll(ctx, base, "created", sitecore.AppAdmitted, sitecore.AppEnrolled)
	if err != nil {
		return nil, err
	}
	waiting, err := s.listAll(ctx, base, "created", sitecore.AppWaitlisted)
	if err != nil {
		return nil, err
	}
	free := c.Seats(grade) - len(taken)
	position := 1
	for _, a := range waiting {
		position = max(position, a.WaitlistPosition+1)
	}
	out := &OrderedDecisions{Rule: OrderRule, Results: make([]BulkResult, 0, len(queue))}
	actor := actorOf(p)
	for _, a := range queue {
		var st sitecore.AdmissionStatus
		var err error = sitecore.Conflictf("grade", "admission.no_seats", "value", strconv.Itoa(grade))
		if free > 0 {
			st, err = s.Workflows.Decide(ctx, a.ID, Decision{Decision: "admit", Actor: actor})
			if err == nil {
				free--
				out.Admitted++
			}
		}
		if e := sitecore.AsError(err); err != nil && e.Code == sitecore.EConflict && e.Field == "grade" {
			free = 0 // full: this one and the rest wait, in order
			st, err = s.Workflows.Decide(ctx, a.ID, Decision{Decision: "waitlist", Position: position, Actor: actor})
			if err == nil {
				position++
				out.Waitlist++
			}
		}
		out.Results = append(out.Results, BulkResult{ID: a.ID, Status: st, Error: err})
	}
	return out, nil
}

// listAll returns every application of the filter with one of the statuses, in the order.
func (s *Service) listAll(ctx context.Context, f sitecore.AppFilter, sort string, status ...sitecore.AdmissionStatus) ([]sitecore.Application, error) {
	f.Sort, f.Status, f.Limit, f.AfterID = sort, status, 1000, 0
	var all []sitecore.Application
	for {
		page, err := s.Store.ListApplications(ctx, f)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < f.Limit {
			return all, nil
		}
		f.AfterID = page[len(page)-1].ID
	}
}
