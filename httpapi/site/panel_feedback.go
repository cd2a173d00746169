package site

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
	"github.com/mektep/mektep/sitecore/feedback"
)

// The panel's section "feedback" (issue #15): the site's messages filtered by topic,
// status and period, with the Excel of what the filter shows; one message's thread with the
// answer form and hiding (audited; nothing is deleted); the topics with their recipients and
// the site's answer time. Every action is the feedback service's, as in the JSON API, which
// runs sitecore.Authorize on the section.

var (
	feedbackListPage   = panelPage("feedback.html")
	feedbackThreadPage = panelPage("feedback.html")
	feedbackTopicsPage = panelPage("feedback.html")
)

// feedbackRow is a message in the list.
type feedbackRow struct {
	sitecore.FeedbackMessage
	Topic string
}

// feedbackListView is the list's model.
type feedbackListView struct {
	Topics                   []sitecore.FeedbackTopic
	Rows                     []feedbackRow
	TopicID                  int64
	Status, From, To, Export string
	Statuses                 []string
}

// feedbackFilter reads the list's filter from the query; err names the bad field.
func feedbackFilter(q url.Values) (sitecore.FeedbackFilter, error) {
	f := sitecore.FeedbackFilter{TopicID: formID(q.Get("topic")), Status: q.Get("status")}
	var err error
	f.From, f.To, err = feedback.ParsePeriod(q.Get("from"), q.Get("to"))
	return f, err
}

func topicNames(ts []sitecore.FeedbackTopic, lang sitecore.Lang) map[int64]string {
	m := map[int64]string{}
	for i := range ts {
		m[ts[i].ID] = ts[i].Name(lang)
	}
	return m
}

// PanelFeedback lists the site's messages matching ?topic=&status=&from=&to=.
func (s *Server) PanelFeedback(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionFeedback, "feedback")
	if !ok {
		return
	}
	q := r.URL.Query()
	lv := &feedbackListView{Status: q.Get("status"), From: q.Get("from"), To: q.Get("to"), TopicID: formID(q.Get("topic")),
		Statuses: []string{sitecore.FeedbackNew, sitecore.FeedbackAnswered, sitecore.FeedbackHiddenStatus}}
	status := http.StatusOK
	ts, err := s.Feedback.Topics(r.Context(), v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	lv.Topics = ts
	names := topicNames(ts, v.Lang)
	f, err := feedbackFilter(q)
	var ms []sitecore.FeedbackMessage
	if err == nil {
		f.Limit = 500
		ms, err = s.Feedback.Filter(r.Context(), v.p, v.Site.ID, f)
	}
	if err != nil {
		if c := sitecore.ErrorCode(err); c == sitecore.EForbidden || c == sitecore.EUnauthorized {
			s.ErrorPage(w, r, err)
			return
		}
		status = v.fail(err)
	}
	for _, m := range ms {
		lv.Rows = append(lv.Rows, feedbackRow{FeedbackMessage: m, Topic: names[m.TopicID]})
	}
	lv.Export = v.Path("feedback", "export.xlsx") + "?" + q.Encode()
	v.Title, v.Kind, v.Data = v.T("fb.title"), "list", lv
	s.renderPanel(w, r, status, feedbackListPage, v)
}

// PanelFeedbackExcel downloads the messages of the list's filter as an Excel workbook.
func (s *Server) PanelFeedbackExcel(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionFeedback, "feedback")
	if !ok {
		return
	}
	f, err := feedbackFilter(r.URL.Query())
	var rows []feedback.ExportRow
	if err == nil {
		rows, err = s.Feedback.Export(r.Context(), v.p, v.Site.ID, v.Lang, f)
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	WriteFeedbackXLSX(w, r, s.Responder, v.Lang, rows)
}

// WriteFeedbackXLSX answers with the rows as an Excel workbook (the panel's button and the
// API share it).
func WriteFeedbackXLSX(w http.ResponseWriter, r *http.Request, rs web.Responder, lang sitecore.Lang, rows []feedback.ExportRow) {
	web.XLSXHeaders(w, "feedback.xlsx", 0)
	if err := excel.WriteFeedback(w, lang, rows); err != nil {
		rs.Log.ErrorContext(r.Context(), "feedback export", "error", err)
	}
}

// feedbackThreadView is one message's page.
type feedbackThreadView struct {
	Message          *sitecore.FeedbackMessage
	Topic            string
	Answers          []feedbackAnswerRow
	CanEdit, CanHide bool
}

type feedbackAnswerRow struct {
	sitecore.FeedbackAnswer
	Who    string
	School bool
}

// PanelFeedbackThread shows a message with its thread; its forms post action=answer
// (body), hide or unhide.
func (s *Server) PanelFeedbackThread(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionFeedback, "feedback")
	if !ok {
		return
	}
	id := formID(chi.URLParam(r, "messageID"))
	self := v.Path("feedback", strconv.FormatInt(id, 10))
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 64<<10)
		var err error
		notice := "saved"
		switch a := r.PostForm.Get("action"); a {
		case "answer":
			v.Values["body"] = r.PostForm.Get("body")
			_, err = s.Feedback.Answer(r.Context(), v.p, v.Site.ID, id, r.PostForm.Get("body"))
		case "hide", "unhide":
			err = s.Feedback.SetHidden(r.Context(), v.p, v.Site.ID, id, a == "hide")
		default:
			err = sitecore.Invalid("action", "field.required")
		}
		if err == nil {
			done(w, r, self, notice)
			return
		}
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			s.NotFound(w, r)
			return
		}
		status = v.fail(err)
	}
	th, err := s.Feedback.Get(r.Context(), v.p, v.Site.ID, id)
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound || id == 0 {
			s.NotFound(w, r)
			return
		}
		s.ErrorPage(w, r, err)
		return
	}
	tv := &feedbackThreadView{Message: th.Message, CanEdit: v.Can(string(sitecore.SectionFeedback), "edit"),
		CanHide: v.Can(string(sitecore.SectionFeedback), "publish")}
	if t, err := s.Feedback.Store.FindFeedbackTopic(r.Context(), v.Site.ID, th.Message.TopicID); err == nil {
		tv.Topic = t.Name(v.Lang)
	}
	for _, a := range th.Answers {
		row := feedbackAnswerRow{FeedbackAnswer: a, Who: th.Message.Name, School: a.AuthorID != 0}
		if row.School {
			row.Who = v.T("fb.admin")
			if a.AuthorID == v.p.UserID {
				row.Who = v.User
			}
		}
		tv.Answers = append(tv.Answers, row)
	}
	v.Title, v.Kind, v.Data = v.T("fb.title")+" №"+strconv.FormatInt(id, 10), "thread", tv
	s.renderPanel(w, r, status, feedbackThreadPage, v)
}

// feedbackTopicsView is the topics page's model.
type feedbackTopicsView struct {
	Topics  []sitecore.FeedbackTopic
	Admins  []sitecore.Membership
	SLADays int
	CanEdit bool
}

// Chosen reports whether the topic sends its messages to the user.
func (feedbackTopicsView) Chosen(t sitecore.FeedbackTopic, uid int64) bool {
	return slices.Contains(t.Recipients, uid)
}

// PanelFeedbackTopics lists the topics with forms to change each, to add one and to set
// the answer time; the forms post op=topic (id, or none for a new topic) or op=sla.
func (s *Server) PanelFeedbackTopics(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionFeedback, "feedback")
	if !ok {
		return
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 64<<10)
		f := r.PostForm
		var err error
		switch f.Get("op") {
		case "topic":
			in := feedback.NewTopic{NameKK: f.Get("name_kk"), NameRU: f.Get("name_ru"), NameEN: f.Get("name_en"), Recipients: []int64{}}
			for _, raw := range f["recipients"] {
				in.Recipients = append(in.Recipients, formID(raw))
			}
			if id := formID(f.Get("id")); id != 0 {
				_, err = s.Feedback.UpdateTopic(r.Context(), v.p, v.Site.ID, id, in)
			} else {
				_, err = s.Feedback.CreateTopic(r.Context(), v.p, v.Site.ID, in)
			}
		case "sla":
			days, _ := strconv.Atoi(f.Get("sla_days"))
			err = s.Feedback.SetSLADays(r.Context(), v.p, v.Site.ID, days)
		default:
			err = sitecore.Invalid("op", "field.required")
		}
		if err == nil {
			done(w, r, v.Path("feedback", "topics"), "saved")
			return
		}
		for _, k := range []string{"name_kk", "name_ru", "name_en", "sla_days"} {
			v.Values[k] = f.Get(k)
		}
		status = v.fail(err)
	}
	tv := &feedbackTopicsView{CanEdit: v.Can(string(sitecore.SectionFeedback), "publish")}
	var err error
	if tv.Topics, err = s.Feedback.Topics(r.Context(), v.Site.ID); err == nil {
		tv.SLADays, err = s.Feedback.SLADays(r.Context(), v.p, v.Site.ID)
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	ms, err := s.Feedback.Members.SiteMembers(r.Context(), v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	for _, m := range ms {
		if m.Role == sitecore.RoleOwner || m.Role == sitecore.RoleAdmin {
			tv.Admins = append(tv.Admins, m)
		}
	}
	v.Title, v.Kind, v.Data = v.T("fb.topics"), "topics", tv
	s.renderPanel(w, r, status, feedbackTopicsPage, v)
}

// PanelFeedbackFile serves a message's attachment to those who may see the message.
func (s *Server) PanelFeedbackFile(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionFeedback, "feedback")
	if !ok {
		return
	}
	a, rc, err := s.Feedback.OpenAttachment(r.Context(), v.p, v.Site.ID, formID(chi.URLParam(r, "messageID")))
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			s.NotFound(w, r)
			return
		}
		s.ErrorPage(w, r, err)
		return
	}
	defer rc.Close()
	serveFile(w, a.Name, a.ContentType, a.Size, rc)
}
