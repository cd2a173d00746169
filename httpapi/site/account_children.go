package site

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

// childFields are the fields of the link request form.
var childFields = []string{"child_name", "child_iin"}

// AccountChildren lists the caller's linked children and their link requests at this
// school, and sends a new request (the child's name and IIN) for the school to confirm.
func (s *Server) AccountChildren(w http.ResponseWriter, r *http.Request) {
	site, v, ok := s.accountEnter(w, r, "children")
	if !ok {
		return
	}
	p := web.Principal(r)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if !accountForm(w, r, v) {
			status = http.StatusRequestEntityTooLarge
		} else {
			v.Values["child_name"], v.Values["child_iin"] = r.PostForm.Get("child_name"), r.PostForm.Get("child_iin")
			_, err := s.Accounts.RequestChildLinkByIIN(r.Context(), p, site.ID, accounts.ChildLinkRequest{
				ChildName: v.Values["child_name"], ChildIIN: v.Values["child_iin"]})
			if err == nil {
				http.Redirect(w, r, "/"+string(v.Lang)+"/account/children?sent=1", http.StatusSeeOther)
				return
			}
			status = accountFieldError(v, childFields, err)
		}
	} else if r.URL.Query().Get("sent") == "1" {
		v.Notice = v.UI["request_sent"]
	}
	children, err := s.Accounts.Children(r.Context(), p)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v.Children = children
	reqs, err := s.Accounts.ChildLinkRequests(r.Context(), p, site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	for _, q := range reqs {
		iin := string(q.ChildIIN)
		if len(iin) == 12 {
			iin = "••••••••" + iin[8:] // enough for the parent to tell requests apart
		}
		v.Requests = append(v.Requests, accountRequest{ChildName: q.ChildName, IIN: iin, Date: localDate(q.CreatedAt),
			Confirmed: q.Confirmed, Rejected: q.Decision == sitecore.ChildLinkRejected, Remark: q.Remark})
	}
	s.writeAccount(w, r, status, v)
}
