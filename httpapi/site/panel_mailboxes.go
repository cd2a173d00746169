package site

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/mailboxes"
)

// Mailboxes of the control panel: the site's edu mailboxes with usage bars and the site's
// mail quota; creating one, resetting its password (the new password is shown on the page
// that answers the form, once), suspending, resuming and deleting (typing the address to
// confirm). Every action is the mailboxes service's, as in the JSON API.

var mailboxesPage = panelPage("mailboxes.html")

// mailboxesView is the model of the page.
type mailboxesView struct {
	*mailboxes.Listing
	Rows    []mailboxRow
	CanEdit bool
	// Created is the mailbox whose password is shown (after creation or reset).
	Created  *mailboxes.Credentials
	QuotaPct int
	// AllocatedMB and LimitMB are the site's mail quota in MiB.
	AllocatedMB, LimitMB string
}

type mailboxRow struct {
	sitecore.Mailbox
	UsedMB, QuotaMB string
	Known           bool
	High            int64 // 90 % of the quota: the bar warns from there
}

// PanelMailboxes lists the mailboxes; its forms post op=create|reset|suspend|resume|delete.
func (s *Server) PanelMailboxes(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionUsers, "mailboxes")
	if !ok {
		return
	}
	v.UI = locale.Mailboxes(v.Lang)
	status := http.StatusOK
	mv := &mailboxesView{CanEdit: v.Can(string(sitecore.SectionUsers), "publish")}
	if r.Method == http.MethodPost {
		readForm(w, r, 16<<10)
		f := r.PostForm
		for k, vs := range f {
			v.Values[k] = vs[0]
		}
		id := formID(f.Get("mailbox"))
		var err error
		switch op := f.Get("op"); op {
		case "create":
			in := mailboxes.NewMailbox{LocalPart: f.Get("local_part")}
			if q := strings.TrimSpace(f.Get("quota_mb")); q != "" {
				in.QuotaMB = formID(q)
				if in.QuotaMB == 0 {
					in.QuotaMB = -1 // not a number: the service refuses it on the field
				}
			}
			mv.Created, err = s.Mailboxes.Create(r.Context(), v.p, v.Site.ID, in)
			if err == nil {
				delete(v.Values, "local_part")
				delete(v.Values, "quota_mb")
			}
		case "reset":
			mv.Created, err = s.Mailboxes.ResetPassword(r.Context(), v.p, v.Site.ID, id)
		case "suspend", "resume":
			if _, err = s.Mailboxes.SetSuspended(r.Context(), v.p, v.Site.ID, id, op == "suspend"); err == nil {
				done(w, r, v.Path("mailboxes"), "saved")
				return
			}
		case "delete":
			err = s.deleteMailbox(r, v, id, f.Get("confirm"))
			if err == nil {
				done(w, r, v.Path("mailboxes"), "deleted")
				return
			}
		default:
			err = sitecore.Invalid("op", "field.required")
		}
		if err != nil {
			status = v.fail(err)
			// A refusal about a field of the form (a taken address, no room left) is shown
			// next to that field too.
			if e := sitecore.AsError(err); e.Field != "" && v.Errors[e.Field] == "" {
				v.Errors[e.Field] = v.Error
			}
		}
	}
	l, err := s.Mailboxes.List(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	mv.Listing = l
	for _, m := range l.Mailboxes {
		mv.Rows = append(mv.Rows, mailboxRow{Mailbox: m, UsedMB: sitecore.MiB(max(m.UsedBytes, 0)),
			QuotaMB: sitecore.MiB(m.QuotaBytes), Known: m.UsedBytes >= 0, High: m.QuotaBytes / 10 * 9})
	}
	mv.AllocatedMB, mv.LimitMB = sitecore.MiB(l.Quota.AllocatedBytes), sitecore.MiB(l.Quota.LimitBytes)
	if l.Quota.LimitBytes > 0 {
		mv.QuotaPct = int(min(l.Quota.AllocatedBytes*100/l.Quota.LimitBytes, 100))
	}
	v.Title, v.Kind, v.Data = v.T("title"), "mailboxes", mv
	s.renderPanel(w, r, status, mailboxesPage, v)
}

// deleteMailbox deletes after checking that the typed confirmation is the address.
func (s *Server) deleteMailbox(r *http.Request, v *panelView, id int64, confirm string) error {
	m, err := s.Mailboxes.List(r.Context(), v.p, v.Site.ID)
	if err != nil {
		return err
	}
	for _, b := range m.Mailboxes {
		if b.ID == id {
			if !strings.EqualFold(strings.TrimSpace(confirm), b.Address) {
				return sitecore.Invalid("confirm-"+strconv.FormatInt(id, 10), "mailbox.confirm_wrong")
			}
			return s.Mailboxes.Delete(r.Context(), v.p, v.Site.ID, id)
		}
	}
	return sitecore.NotFound("mailbox")
}
