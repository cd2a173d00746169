package site

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/locale"
)

// People of the control panel: the site's members and admins, delegations (section ×
// action × page subtree) with a preview of what the delegate will be able to do, and the
// audit log. Actions are the accounts service's, as in the JSON API: granting needs
// users:edit and holding the right being given.

var (
	peoplePage = panelPage("people.html")
	auditPage  = panelPage("audit.html")
)

// peopleView is the model of the people page.
type peopleView struct {
	Members     []memberRow
	Delegations []delegationRow
	Sections    []sitecore.Section
	Actions     []sitecore.Action
	// Preview is what the chosen user could do with the delegation being prepared.
	Preview []previewRow
	CanEdit bool
}

type memberRow struct {
	sitecore.Membership
	RoleName string
}

type delegationRow struct {
	sitecore.Delegation
	User, Section, Action string
}

type previewRow struct {
	Section, Action string
	Pages           []string
}

// PanelPeople lists members and delegations; its form grants (op=grant), previews
// (op=preview) or revokes (op=revoke) a delegation.
func (s *Server) PanelPeople(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionUsers, "people")
	if !ok {
		return
	}
	status := http.StatusOK
	pv := &peopleView{Sections: sitecore.Sections, Actions: sitecore.Actions, CanEdit: v.Can("users", "edit")}
	var preview *accounts.NewDelegation
	if r.Method == http.MethodPost {
		readForm(w, r, 16<<10)
		f := r.PostForm
		for k, vs := range f {
			v.Values[k] = vs[0]
		}
		in := accounts.NewDelegation{UserID: formID(f.Get("user_id")), Section: f.Get("section"), Action: f.Get("action"), PageKey: f.Get("page_key")}
		var err error
		switch f.Get("op") {
		case "grant":
			if _, err = s.Accounts.Grant(r.Context(), v.p, s.Actor(r), s.Content, v.Site.ID, in); err == nil {
				done(w, r, v.Path("people"), "created")
				return
			}
		case "revoke":
			if err = s.Accounts.Revoke(r.Context(), v.p, s.Actor(r), v.Site.ID, formID(f.Get("delegation"))); err == nil {
				done(w, r, v.Path("people"), "deleted")
				return
			}
		default: // preview
			if _, err = sitecore.ParseSection("section", in.Section); err == nil {
				_, err = sitecore.ParseAction("action", in.Action)
			}
			preview = &in
		}
		if err != nil {
			status, preview = v.fail(err), nil
		}
	}
	members, err := s.Accounts.Members(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, m := range members {
		name, _ := locale.RoleName(string(m.Role), v.Lang)
		pv.Members = append(pv.Members, memberRow{Membership: m, RoleName: name})
		names[m.UserID] = m.FullName + " <" + m.Email + ">"
	}
	ds, err := s.Accounts.Delegations(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	for _, d := range ds {
		pv.Delegations = append(pv.Delegations, delegationRow{Delegation: d, User: names[d.UserID],
			Section: v.T("sec." + string(d.Section)), Action: v.T("act." + string(d.Action))})
	}
	if preview != nil {
		pv.Preview = previewOf(v, ds, *preview)
	}
	v.Title, v.Kind, v.Data = v.T("people.title"), "people", pv
	s.renderPanel(w, r, status, peoplePage, v)
}

// previewOf answers "what will the user be able to do" with sitecore.Permissions over the
// user's delegations plus the one being prepared — the same rule every request runs.
func previewOf(v *panelView, ds []sitecore.Delegation, in accounts.NewDelegation) []previewRow {
	p := &sitecore.Principal{UserID: in.UserID, Delegations: map[int64][]sitecore.Delegation{}}
	for _, d := range ds {
		if d.UserID == in.UserID {
			p.Delegations[v.Site.ID] = append(p.Delegations[v.Site.ID], d)
		}
	}
	p.Delegations[v.Site.ID] = append(p.Delegations[v.Site.ID], sitecore.Delegation{SiteID: v.Site.ID, UserID: in.UserID,
		Section: sitecore.Section(in.Section), Action: sitecore.Action(in.Action), PageKey: in.PageKey})
	perms := sitecore.Permissions(p, v.Site.ID)
	var out []previewRow
	for _, sec := range sitecore.Sections {
		sp, ok := perms[sec]
		if !ok {
			continue
		}
		row := previewRow{Section: v.T("sec." + string(sec)), Action: v.T("act." + string(cmpAction(sp.Action)))}
		for key, a := range sp.Pages {
			row.Pages = append(row.Pages, key+": "+v.T("act."+string(a)))
		}
		out = append(out, row)
	}
	return out
}

func cmpAction(a sitecore.Action) sitecore.Action {
	if a == "" {
		return "none"
	}
	return a
}

// auditView is the model of the audit log.
type auditView struct {
	Entries []sitecore.AuditEntry
	Action  string
	Next    string
}

// PanelAudit shows the site's audit log, newest first, filtered by the kind of action;
// ?before= pages back.
func (s *Server) PanelAudit(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionUsers, "people")
	if !ok {
		return
	}
	q := r.URL.Query()
	es, err := s.Accounts.AuditLog(r.Context(), v.p, v.Site.ID, formID(q.Get("before")), 100)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	av := &auditView{Action: q.Get("action")}
	for _, e := range es {
		if av.Action == "" || e.Action == av.Action || strings.HasPrefix(e.Action, av.Action+".") {
			av.Entries = append(av.Entries, e)
		}
	}
	if len(es) == 100 {
		av.Next = "?before=" + strconv.FormatInt(es[len(es)-1].ID, 10) + "&action=" + av.Action
	}
	v.Title, v.Kind, v.Data = v.T("audit.title"), "audit", av
	s.renderPanel(w, r, http.StatusOK, auditPage, v)
}
