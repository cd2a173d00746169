package site

import (
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/feedback"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/render"
)

// The feedback pages of a school's site (issue #15): the form at /{lang}/feedback and the
// requester's thread at /{lang}/feedback/{id}?t=<token>, the link the answer's email
// carries. Both work without JavaScript (POST/redirect/GET); errors go next to their
// field in the page language. They are private pages (no-store, never cached): the form
// carries a fresh time-based token and the thread a secret link.

// feedbackFields are the form's fields, in the order errors are looked at.
var feedbackFields = []string{"name", "email", "topic_id", "body"}

// feedbackView builds the page frame: the site's chrome in lang around the form or thread.
func (s *Server) feedbackView(r *http.Request, site *sitecore.Site, lang sitecore.Lang, thread bool) (*render.FeedbackView, error) {
	ctx := r.Context()
	path := func(l sitecore.Lang) string { return "/" + string(l) + "/feedback" }
	if thread {
		path = func(sitecore.Lang) string { return "" }
	}
	c, err := s.chrome(ctx, site, lang, web.BaseURL(r), render.UIText(lang, "fb_title"), path)
	if err != nil {
		return nil, err
	}
	c.NoIndex = thread
	if err := s.decorate(ctx, site, &c); err != nil {
		return nil, err
	}
	c.UI = locale.Theme(lang)
	return &render.FeedbackView{Chrome: c, Errors: map[string]string{}, Values: map[string]string{}, MaxBody: feedback.MaxBody}, nil
}

func (s *Server) writeFeedback(w http.ResponseWriter, r *http.Request, site *sitecore.Site, status int, v *render.FeedbackView) {
	page, err := s.themeFor(r.Context(), site.ID).Feedback(v)
	s.framePolicy(w.Header(), site)
	s.writePrivatePage(w, r, status, page, err)
}

// feedbackLabels are the theme strings naming the form's fields in messages.
var feedbackLabels = map[string]string{"name": "fb_name", "email": "fb_email", "topic_id": "fb_topic", "body": "fb_body"}

// feedbackMessage is a refusal's text in the page language, the field named as the form
// labels it.
func feedbackMessage(v *render.FeedbackView, e *sitecore.Error) string {
	key := e.Key
	if key == "" {
		key = e.Code
	}
	args := map[string]string{}
	for k, a := range e.Args {
		args[k] = a
	}
	if l, ok := feedbackLabels[e.Field]; ok {
		args["field"] = v.UI[l]
	}
	return sitecore.Message(v.Lang, key, args)
}

// feedbackFail puts a service's refusal next to its field, or above the form; it returns
// the status to answer with.
func feedbackFail(v *render.FeedbackView, err error, fields ...string) int {
	e := sitecore.AsError(err)
	msg := feedbackMessage(v, e)
	placed := false
	for _, f := range fields {
		if (e.Code == sitecore.EInvalid || f == "file") && e.Field == f {
			v.Errors[f], placed = msg, true
		}
	}
	if placed {
		v.Error = v.UI["fb_fix"]
	} else {
		v.Error = msg
	}
	return web.StatusOf(e.Code)
}

// FeedbackPage shows the school's feedback form and takes its messages.
func (s *Server) FeedbackPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok || s.Feedback == nil {
		if ok {
			s.NotFound(w, r)
		}
		return
	}
	v, err := s.feedbackView(r, site, lang, false)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	p := web.Principal(r)
	if p.LoggedIn() && p.UserID != 0 {
		v.Account = p.Email
		v.Values["name"] = p.Name
	}
	v.Action = "/" + string(lang) + "/feedback"
	status := http.StatusOK
	token := ""
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, feedback.MaxAttachment+1<<20)
		perr := parseForm(r)
		if r.MultipartForm == nil {
			r.MultipartForm = &multipart.Form{Value: map[string][]string{}}
		}
		f := r.MultipartForm.Value
		get := func(k string) string { return first(f[k]) }
		in := feedback.Submission{TopicID: formID(get("topic_id")), Name: get("name"), Email: get("email"),
			Body: get("body"), FormToken: get("form_token"), Website: get("website")}
		for _, k := range feedbackFields {
			v.Values[k] = get(k)
		}
		if fhs := r.MultipartForm.File["file"]; len(fhs) > 0 && fhs[0].Size > 0 {
			file, err := fhs[0].Open()
			if err == nil {
				defer file.Close()
				in.File, in.FileName = file, fhs[0].Filename
			}
		}
		_, errs := feedback.Validate(in, p)
		if perr != nil {
			status, token = feedbackFail(v, perr, "file"), in.FormToken
		} else if len(errs) > 0 && in.Website == "" {
			for _, k := range feedbackFields {
				if e := errs[k]; e != nil {
					v.Errors[k] = feedbackMessage(v, e)
				}
			}
			v.Error, status, token = v.UI["fb_fix"], http.StatusBadRequest, in.FormToken
		} else if _, err := s.Feedback.Submit(r.Context(), p, site.ID, lang, in); err != nil {
			status = feedbackFail(v, err, append(feedbackFields, "file")...)
			if sitecore.AsError(err).Field != "form_token" {
				token = in.FormToken
			}
		} else {
			http.Redirect(w, r, v.Action+"?sent=1", http.StatusSeeOther)
			return
		}
	}
	if r.URL.Query().Get("sent") == "1" {
		v.Notice = v.UI["fb_sent"]
	}
	topics, err := s.Feedback.Topics(r.Context(), site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	for _, t := range topics {
		id := strconv.FormatInt(t.ID, 10)
		v.Topics = append(v.Topics, render.Link{Label: t.Name(lang), Href: id, Current: v.Values["topic_id"] == id})
	}
	if token == "" {
		token = s.Feedback.FormToken(site.ID)
	}
	v.FormToken = token
	s.writeFeedback(w, r, site, status, v)
}

// FeedbackThreadPage shows a message and its answers to whoever holds the emailed link,
// and takes their reply. A wrong link is the site's 404.
func (s *Server) FeedbackThreadPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	id := formID(chi.URLParam(r, "messageID"))
	token := r.URL.Query().Get("t")
	if s.Feedback == nil || id == 0 {
		s.NotFound(w, r)
		return
	}
	self := "/" + string(lang) + "/feedback/" + strconv.FormatInt(id, 10) + "?t=" + url.QueryEscape(token)
	th, err := s.Feedback.ThreadByToken(r.Context(), site.ID, id, token)
	if err != nil {
		s.NotFound(w, r)
		return
	}
	v, err := s.feedbackView(r, site, lang, true)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v.Title, v.Action = v.UI["fb_thread_title"]+" №"+strconv.FormatInt(id, 10), self
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 64<<10)
		body := r.PostForm.Get("body")
		if _, err := s.Feedback.Reply(r.Context(), site.ID, id, token, body); err != nil {
			v.Values["body"] = body
			status = feedbackFail(v, err, "body")
		} else {
			http.Redirect(w, r, self+"&replied=1", http.StatusSeeOther)
			return
		}
		if th, err = s.Feedback.ThreadByToken(r.Context(), site.ID, id, token); err != nil {
			s.NotFound(w, r)
			return
		}
	}
	if r.URL.Query().Get("replied") == "1" {
		v.Notice = v.UI["fb_replied"]
	}
	m := th.Message
	t := &render.FeedbackThread{StatusCode: m.Status, Status: v.UI["fb_status_"+m.Status]}
	if topic, err := s.Feedback.Store.FindFeedbackTopic(r.Context(), site.ID, m.TopicID); err == nil {
		t.Topic = topic.Name(lang)
	}
	entry := func(who string, school bool, at sitecore.FeedbackAnswer) render.FeedbackEntry {
		return render.FeedbackEntry{Who: who, School: school, Body: at.Body, At: render.FormatDate(at.CreatedAt, lang) + " " + at.CreatedAt.In(sitecore.Almaty).Format("15:04"),
			Datetime: at.CreatedAt.Format("2006-01-02T15:04:05Z07:00")}
	}
	t.Entries = append(t.Entries, entry(m.Name, false, sitecore.FeedbackAnswer{Body: m.Body, CreatedAt: m.CreatedAt}))
	for _, a := range th.Answers {
		who := m.Name
		if a.AuthorID != 0 {
			who = v.SiteName
		}
		t.Entries = append(t.Entries, entry(who, a.AuthorID != 0, a))
	}
	if m.Attachment != nil {
		t.File, t.FileHref = m.Attachment.Name, "/"+string(lang)+"/feedback/"+strconv.FormatInt(id, 10)+"/file?t="+url.QueryEscape(token)
	}
	v.Thread = t
	s.writeFeedback(w, r, site, status, v)
}

// FeedbackFilePage serves a message's attachment to whoever holds the thread's link.
func (s *Server) FeedbackFilePage(w http.ResponseWriter, r *http.Request) {
	site, _, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	id := formID(chi.URLParam(r, "messageID"))
	if s.Feedback == nil || id == 0 {
		s.NotFound(w, r)
		return
	}
	a, rc, err := s.Feedback.AttachmentByToken(r.Context(), site.ID, id, r.URL.Query().Get("t"))
	if err != nil {
		s.NotFound(w, r)
		return
	}
	defer rc.Close()
	serveFile(w, a.Name, a.ContentType, a.Size, rc)
}

// serveFile answers with a stored upload: shown inline only when it is an image or a PDF
// (told from its content when it was stored), in a sandbox otherwise, never sniffed.
func serveFile(w http.ResponseWriter, name, ctype string, size int64, rc io.Reader) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Referrer-Policy", "same-origin")
	if strings.HasPrefix(ctype, "image/") || ctype == "application/pdf" {
		h.Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(name))
		h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
		h.Set("X-Frame-Options", "SAMEORIGIN")
	} else {
		h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	}
	_, _ = io.Copy(w, rc)
}
