package workflows

import (
	"cmp"
	"context"
	"errors"
	"log/slog"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/sitecore"
)

// Provisioner implements sitecore.Provisioner: it stores the site in PostgreSQL, where the
// unique slug and domains are decided at once, and starts the ProvisionSite workflow.
type Provisioner struct {
	Sites    sitecore.SiteStore
	Temporal client.Client
	// TaskQueue is where the workflow runs; DefaultTaskQueue if empty.
	TaskQueue string
	// OnStart is called with the workflow type after a workflow is started (metrics).
	OnStart func(workflowType string)
	Log     *slog.Logger
}

var _ sitecore.Provisioner = (*Provisioner)(nil)

// Provision validates and stores the site, then starts its workflow. An identical repeat
// returns the stored site; a slug held by a different request is a conflict on "slug".
func (p *Provisioner) Provision(ctx context.Context, req sitecore.NewSite) (*sitecore.ProvisionStatus, bool, error) {
	s, err := req.Validate()
	if err != nil {
		return nil, false, err
	}
	created := true
	if err := p.Sites.CreateSite(ctx, s); err != nil {
		de := sitecore.AsError(err)
		if de.Code != sitecore.EConflict || de.Field != "slug" {
			return nil, false, err
		}
		existing, ferr := p.Sites.FindSiteBySlug(ctx, s.Slug)
		if ferr != nil || !existing.SameRequest(s) {
			return nil, false, err
		}
		s, created = existing, false
	}
	// A repeat may come after a first attempt stored the site but could not reach Temporal;
	// starting again is safe because the workflow ID is the site's.
	if s.Status == sitecore.SiteProvisioning {
		if err := p.start(ctx, s.ID); err != nil {
			return nil, false, err
		}
	}
	return &sitecore.ProvisionStatus{Site: s, WorkflowID: ProvisionSiteWorkflowID(s.ID),
		Running: s.Status == sitecore.SiteProvisioning}, created, nil
}

func (p *Provisioner) start(ctx context.Context, siteID int64) error {
	_, err := p.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       ProvisionSiteWorkflowID(siteID),
		TaskQueue:                cmp.Or(p.TaskQueue, DefaultTaskQueue),
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, ProvisionSite, ProvisionSiteInput{SiteID: siteID})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &started): // finished earlier; nothing to do
		return nil
	case err != nil:
		return sitecore.Unavailable("StartProvisionSite", "temporal", err)
	}
	if p.OnStart != nil {
		p.OnStart("ProvisionSite")
	}
	return nil
}

// Status returns the site and what its workflow is doing now. If Temporal cannot be asked,
// the stored state is still returned.
func (p *Provisioner) Status(ctx context.Context, id int64) (*sitecore.ProvisionStatus, error) {
	s, err := p.Sites.FindSiteByID(ctx, id)
	if err != nil {
		return nil, err
	}
	st := &sitecore.ProvisionStatus{Site: s, WorkflowID: ProvisionSiteWorkflowID(id)}
	d, err := p.Temporal.DescribeWorkflowExecution(ctx, st.WorkflowID, "")
	if err != nil {
		if p.Log != nil {
			p.Log.WarnContext(ctx, "describe provisioning workflow", "site", id, "workflow_id", st.WorkflowID, "error", err)
		}
		return st, nil
	}
	st.Running = d.GetWorkflowExecutionInfo().GetStatus() == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
	if pa := d.GetPendingActivities(); len(pa) > 0 {
		st.PendingStep = pa[0].GetActivityType().GetName()
		st.Attempt = pa[0].GetAttempt()
	}
	return st, nil
}
