package workflows

import (
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
)

// ProvisionSiteInput starts provisioning of a site whose record is already stored.
type ProvisionSiteInput struct {
	SiteID int64
}

// ProvisionSiteResult is the outcome of provisioning.
type ProvisionSiteResult struct {
	SiteID int64
	Active bool
}

// ProvisionSiteWorkflowID is the one workflow ID per site, so provisioning starts once.
func ProvisionSiteWorkflowID(siteID int64) string {
	return "site-provision/" + strconv.FormatInt(siteID, 10)
}

// provisionActivityOptions retry outages (Mongo or SMTP down) with backoff for a day before
// giving up; each attempt is short, so a crashed worker's attempt is retried within 30 s.
var provisionActivityOptions = workflow.ActivityOptions{
	StartToCloseTimeout:    30 * time.Second,
	ScheduleToCloseTimeout: 24 * time.Hour,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    time.Minute,
	},
}

// ProvisionSite seeds the site's starter content, invites its owner and then activates it.
// Activation is last, so visitors never see a site that is half made. If a step fails for
// good, the site is marked failed with the reason and stays invisible.
func ProvisionSite(ctx workflow.Context, in ProvisionSiteInput) (ProvisionSiteResult, error) {
	ctx = workflow.WithActivityOptions(ctx, provisionActivityOptions)
	var a *activities.Provisioning
	steps := []struct {
		name string
		fn   any
	}{
		{"seed content", a.SeedContent},
		{"invite owner", a.InviteOwner},
		{"activate", a.ActivateSite},
	}
	for _, step := range steps {
		if err := workflow.ExecuteActivity(ctx, step.fn, in.SiteID).Get(ctx, nil); err != nil {
			workflow.GetLogger(ctx).Error("provisioning failed", "site", in.SiteID, "step", step.name, "error", err)
			dctx, cancel := workflow.NewDisconnectedContext(ctx)
			defer cancel()
			reason := step.name + ": " + err.Error()
			if ferr := workflow.ExecuteActivity(dctx, a.FailSite, in.SiteID, reason).Get(dctx, nil); ferr != nil {
				workflow.GetLogger(ctx).Error("could not mark site failed", "site", in.SiteID, "error", ferr)
			}
			return ProvisionSiteResult{SiteID: in.SiteID}, err
		}
	}
	return ProvisionSiteResult{SiteID: in.SiteID, Active: true}, nil
}
