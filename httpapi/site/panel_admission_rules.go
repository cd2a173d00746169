package site

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// PanelDecideInOrder decides a campaign's grade in the order of decisions (admissions.
// Service.DecideInOrder) from the applications list sorted that way, and shows the list
// again: with the notice when every application was decided, with the refusals otherwise.
func (s *Server) PanelDecideInOrder(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionAdmissions, "admissions")
	if !ok {
		return
	}
	readForm(w, r, 16<<10)
	grade, _ := strconv.Atoi(r.PostForm.Get("grade"))
	back := r.PostForm.Get("back")
	res, err := s.Admissions.DecideInOrder(r.Context(), v.p, v.Site.ID, formID(r.PostForm.Get("campaign")), grade)
	status := http.StatusOK
	if err != nil {
		status = v.fail(err)
	} else {
		var failed []string
		for _, br := range res.Results {
			if br.Error != nil {
				e := sitecore.AsError(br.Error)
				failed = append(failed, fmt.Sprintf("№%d: %s", br.ID, sitecore.Message(v.Lang, e.Key, e.Args)))
			}
		}
		if len(failed) == 0 {
			done(w, r, v.Path("admissions", "applications")+"?"+safeQuery(back), "decided")
			return
		}
		v.Error = v.T("adm.bulk_partial") + " " + strings.Join(failed, "; ")
		status = http.StatusConflict
	}
	v.Title, v.Kind = v.T("adm.applications"), "applications"
	av, err := s.campaignRows(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	q, _ := url.ParseQuery(safeQuery(back))
	s.fillApplications(r, v, av, q)
	v.Data = av
	s.renderPanel(w, r, status, admissionsPage, v)
}
