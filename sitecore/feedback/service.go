// Package feedback is the service layer of a school's feedback form (issue #15, 3.2.8–3.2.9).
// Visitors write through the form on the school's site, guarded without third-party
// captchas (see docs/school-admins.md): a honeypot field, a signed form token that must be
// between 3 seconds and a day old, and per-network and per-address limits. The topic's
// admins are emailed; they answer from the panel or the API, and the requester is emailed a
// link with a secret token to the thread on the school's domain, where they can reply.
package feedback

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// MailQueue hands an email to durable delivery (workflows.EmailQueue): each key is sent once.
type MailQueue interface {
	Enqueue(ctx context.Context, e *sitecore.Email) error
}

// Auditor records administrative actions.
type Auditor interface {
	Audit(ctx context.Context, a *sitecore.AuditEntry) error
}

// Service implements feedback.
type Service struct {
	Store    sitecore.FeedbackStore
	Sites    sitecore.SiteStore
	Accounts sitecore.UserStore
	Members  sitecore.MemberStore
	Mail     MailQueue
	Audit    Auditor
	// Limiter limits messages per client network and per address (nil: no limits).
	Limiter sitecore.Limiter
	// Secret signs form tokens.
	Secret []byte
	// PublicURL gives links in email the platform's scheme and port.
	PublicURL string
	// Now is time.Now unless a test fixes it.
	Now func() time.Time
	// Files keeps messages' attachments (nil: the form takes none).
	Files sitecore.HelpdeskFiles
	// Timers runs each waiting message's SLA reminder (workflows.FeedbackSLA; nil: none).
	Timers SLATimers
}

// SLATimers start a message's reminder timer when it arrives and end it when an admin
// answers.
type SLATimers interface {
	Start(ctx context.Context, siteID, messageID int64) error
	Stop(ctx context.Context, siteID, messageID int64) error
}

// Limits of the form.
const (
	MaxName     = 200
	MaxBody     = 5000
	MinFormAge  = 3 * time.Second
	MaxFormAge  = 24 * time.Hour
	tokenLength = 32
)

var (
	limitNet   = sitecore.ThrottleKey{Max: 10, Window: time.Hour, LockFor: 10 * time.Minute, MaxLock: 24 * time.Hour}
	limitEmail = sitecore.ThrottleKey{Max: 5, Window: time.Hour, LockFor: 10 * time.Minute, MaxLock: 24 * time.Hour}
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// FormToken returns the token a form rendered now for the site carries: the time in
// seconds and an HMAC of the site and that time.
func (s *Service) FormToken(siteID int64) string {
	return s.formToken(siteID, s.now().Unix())
}

func (s *Service) formToken(siteID, at int64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(siteID))
	binary.BigEndian.PutUint64(b[8:], uint64(at))
	mac := hmac.New(sha256.New, s.Secret)
	mac.Write([]byte("feedback-form\x00"))
	mac.Write(b[:])
	return strconv.FormatInt(at, 10) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// checkFormToken refuses a token that is forged, for another site, younger than
// MinFormAge (a script posting at once) or older than MaxFormAge (a replayed form).
func (s *Service) checkFormToken(siteID int64, tok string) error {
	at, _, ok := strings.Cut(tok, ".")
	n, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || !hmac.Equal([]byte(s.formToken(siteID, n)), []byte(tok)) {
		return sitecore.Invalid("form_token", "feedback.form_invalid")
	}
	age := s.now().Sub(time.Unix(n, 0))
	switch {
	case age < MinFormAge:
		return sitecore.Invalid("form_token", "feedback.too_fast")
	case age > MaxFormAge:
		return sitecore.Invalid("form_token", "feedback.form_expired")
	}
	return nil
}

// Submission is what the public form posts.
type Submission struct {
	TopicID   int64  `json:"topic_id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	Body      string `json:"body"`
	FormToken string `json:"form_token"`
	// Website is the honeypot: hidden from people, filled in by bots.
	Website string `json:"website"`
	// File is the optional attachment named FileName (the page's form only).
	File     io.Reader `json:"-"`
	FileName string    `json:"-"`
}

func text(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", sitecore.Invalid(field, "field.required")
	case utf8.RuneCountInString(s) > max:
		return "", sitecore.Invalid(field, "field.too_long", "max", strconv.Itoa(max))
	}
	return s, nil
}

// Validate checks the fields a person fills in and returns every error, so the form can
// show each next to its field; the message is returned normalised.
func Validate(in Submission, p *sitecore.Principal) (sitecore.FeedbackMessage, map[string]*sitecore.Error) {
	errs := map[string]*sitecore.Error{}
	var m sitecore.FeedbackMessage
	var err error
	if p != nil && p.UserID != 0 {
		m.UserID, m.Email = p.UserID, p.Email
		if strings.TrimSpace(in.Name) == "" {
			in.Name = p.Name
		}
	} else if addr, e := mail.ParseAddress(strings.TrimSpace(in.Email)); strings.TrimSpace(in.Email) == "" {
		errs["email"] = sitecore.Invalid("email", "field.required")
	} else if e != nil || addr.Name != "" {
		errs["email"] = sitecore.Invalid("email", "email.invalid", "value", strings.TrimSpace(in.Email))
	} else {
		m.Email = strings.ToLower(addr.Address)
	}
	if m.Name, err = text("name", strings.Join(strings.Fields(in.Name), " "), MaxName); err != nil {
		errs["name"] = sitecore.AsError(err)
	}
	if m.Body, err = text("body", in.Body, MaxBody); err != nil {
		errs["body"] = sitecore.AsError(err)
	}
	if in.TopicID <= 0 {
		errs["topic_id"] = sitecore.Invalid("topic_id", "field.required")
	}
	m.TopicID = in.TopicID
	return m, errs
}

// Submit takes a message of the public form in lang. It refuses a filled honeypot, a bad
// form token, invalid fields (the first error; the form shows them all through Validate)
// and a client over its limits, then stores the message and emails the topic's admins.
func (s *Service) Submit(ctx context.Context, p *sitecore.Principal, siteID int64, lang sitecore.Lang, in Submission) (*sitecore.FeedbackMessage, error) {
	if in.Website != "" {
		return nil, sitecore.Invalid("website", "feedback.spam")
	}
	if err := s.checkFormToken(siteID, in.FormToken); err != nil {
		return nil, err
	}
	m, errs := Validate(in, p)
	for _, f := range []string{"topic_id", "name", "email", "body"} {
		if e := errs[f]; e != nil {
			return nil, e
		}
	}
	_, err := s.Store.FindFeedbackTopic(ctx, siteID, m.TopicID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil, sitecore.Invalid("topic_id", "feedback.topic")
	} else if err != nil {
		return nil, err
	}
	keys := []sitecore.ThrottleKey{limitEmail.Rule("feedback-email:" + m.Email)}
	if k, ok := sitecore.NetRule(ctx, "feedback-net:", limitNet); ok {
		keys = append(keys, k)
	}
	if err := sitecore.Limit(ctx, s.Limiter, keys...); err != nil {
		return nil, err
	}
	m.SiteID, m.Lang = siteID, lang
	if in.File != nil {
		if m.Attachment, err = s.storeAttachment(ctx, siteID, in.FileName, in.File); err != nil {
			return nil, err
		}
	}
	if err := s.Store.CreateFeedbackMessage(ctx, &m); err != nil {
		if m.Attachment != nil {
			_ = s.Files.Delete(context.WithoutCancel(ctx), m.Attachment.FileID)
		}
		return nil, err
	}
	if err := s.notifyAdmins(ctx, &m, "new", m.Body, "feedback-new:"+strconv.FormatInt(m.ID, 10)); err != nil {
		return &m, err
	}
	if s.Timers != nil {
		return &m, s.Timers.Start(context.WithoutCancel(ctx), siteID, m.ID)
	}
	return &m, nil
}

// ThreadToken is the secret of a message's thread link: an HMAC of the site and the
// message, so nothing is stored and every email carries the same working link.
func (s *Service) ThreadToken(siteID, id int64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(siteID))
	binary.BigEndian.PutUint64(b[8:], uint64(id))
	mac := hmac.New(sha256.New, s.Secret)
	mac.Write([]byte("feedback-thread\x00"))
	mac.Write(b[:])
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// Thread is a message with its answers and replies.
type Thread struct {
	Message *sitecore.FeedbackMessage `json:"message"`
	Answers []sitecore.FeedbackAnswer `json:"answers"`
}

func (s *Service) thread(ctx context.Context, m *sitecore.FeedbackMessage) (*Thread, error) {
	as, err := s.Store.FeedbackAnswers(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	return &Thread{Message: m, Answers: as}, nil
}

// ThreadByToken returns the thread the requester's link opens; a wrong token is "not found".
func (s *Service) ThreadByToken(ctx context.Context, siteID, id int64, token string) (*Thread, error) {
	if !hmac.Equal([]byte(s.ThreadToken(siteID, id)), []byte(token)) {
		return nil, sitecore.NotFound("feedback")
	}
	m, err := s.Store.FindFeedbackMessage(ctx, siteID, id)
	if err != nil || m.Hidden {
		return nil, sitecore.NotFound("feedback")
	}
	return s.thread(ctx, m)
}

// Reply adds the requester's reply through the link and emails the topic's admins.
func (s *Service) Reply(ctx context.Context, siteID, id int64, token, body string) (*sitecore.FeedbackAnswer, error) {
	t, err := s.ThreadByToken(ctx, siteID, id, token)
	if err != nil {
		return nil, err
	}
	if body, err = text("body", body, MaxBody); err != nil {
		return nil, err
	}
	if k, ok := sitecore.NetRule(ctx, "feedback-net:", limitNet); ok {
		if err := sitecore.Limit(ctx, s.Limiter, k); err != nil {
			return nil, err
		}
	}
	a := &sitecore.FeedbackAnswer{MessageID: id, Body: body}
	if err := s.Store.AddFeedbackAnswer(ctx, siteID, a); err != nil {
		return nil, err
	}
	return a, s.notifyAdmins(ctx, t.Message, "reply", body, "feedback-reply:"+strconv.FormatInt(a.ID, 10))
}

func (s *Service) authorize(p *sitecore.Principal, siteID int64, a sitecore.Action) error {
	return sitecore.Authorize(p, siteID, a, sitecore.Resource{Section: sitecore.SectionFeedback})
}

// Topics lists the site's topics (public: the form shows them).
func (s *Service) Topics(ctx context.Context, siteID int64) ([]sitecore.FeedbackTopic, error) {
	return s.Store.FeedbackTopics(ctx, siteID)
}

// NewTopic is a topic an admin creates.
type NewTopic struct {
	NameKK     string  `json:"name_kk"`
	NameRU     string  `json:"name_ru"`
	NameEN     string  `json:"name_en"`
	Recipients []int64 `json:"recipients"`
}

// CreateTopic adds a topic; recipients must be admins or owners of the site.
func (s *Service) CreateTopic(ctx context.Context, p *sitecore.Principal, siteID int64, in NewTopic) (*sitecore.FeedbackTopic, error) {
	t, err := s.checkTopic(ctx, p, siteID, in)
	if err != nil {
		return nil, err
	}
	return t, s.Store.CreateFeedbackTopic(ctx, t)
}

// checkTopic authorizes a change of the site's topics and validates the topic.
func (s *Service) checkTopic(ctx context.Context, p *sitecore.Principal, siteID int64, in NewTopic) (*sitecore.FeedbackTopic, error) {
	if err := s.authorize(p, siteID, sitecore.ActionPublish); err != nil {
		return nil, err
	}
	t := &sitecore.FeedbackTopic{SiteID: siteID, Recipients: in.Recipients}
	var err error
	for _, f := range []struct {
		field string
		in    string
		out   *string
	}{{"name_kk", in.NameKK, &t.NameKK}, {"name_ru", in.NameRU, &t.NameRU}, {"name_en", in.NameEN, &t.NameEN}} {
		if *f.out, err = text(f.field, f.in, MaxName); err != nil {
			return nil, err
		}
	}
	ms, err := s.Members.SiteMembers(ctx, siteID)
	if err != nil {
		return nil, err
	}
	for _, uid := range in.Recipients {
		if !slices.ContainsFunc(ms, func(m sitecore.Membership) bool {
			return m.UserID == uid && (m.Role == sitecore.RoleOwner || m.Role == sitecore.RoleAdmin)
		}) {
			return nil, sitecore.Invalid("recipients", "feedback.recipient", "value", strconv.FormatInt(uid, 10))
		}
	}
	return t, nil
}

// List returns the site's messages for the panel, hidden ones too.
func (s *Service) List(ctx context.Context, p *sitecore.Principal, siteID int64) ([]sitecore.FeedbackMessage, error) {
	if err := s.authorize(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	return s.Store.FeedbackMessages(ctx, siteID, true)
}

// Get returns a message's thread for the panel.
func (s *Service) Get(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Thread, error) {
	if err := s.authorize(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	m, err := s.Store.FindFeedbackMessage(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	return s.thread(ctx, m)
}

// Answer adds an admin's answer and emails the requester a link to the thread.
func (s *Service) Answer(ctx context.Context, p *sitecore.Principal, siteID, id int64, body string) (*sitecore.FeedbackAnswer, error) {
	if err := s.authorize(p, siteID, sitecore.ActionEdit); err != nil {
		return nil, err
	}
	m, err := s.Store.FindFeedbackMessage(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if body, err = text("body", body, MaxBody); err != nil {
		return nil, err
	}
	a := &sitecore.FeedbackAnswer{MessageID: id, AuthorID: p.UserID, Body: body}
	if err := s.Store.AddFeedbackAnswer(ctx, siteID, a); err != nil {
		return nil, err
	}
	if s.Timers != nil && m.Status == sitecore.FeedbackNew {
		if err := s.Timers.Stop(context.WithoutCancel(ctx), siteID, id); err != nil {
			return nil, err
		}
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	lang := site.PageLang(m.Lang)
	e := sitecore.FeedbackEmail("answer", lang, m.Email, sitecore.FeedbackMail{Site: site.Name(lang), Name: m.Name, Body: body,
		Link: site.URL(s.PublicURL, "/"+string(lang)+"/feedback/"+strconv.FormatInt(id, 10)+"?t="+s.ThreadToken(siteID, id))})
	e.Key = "feedback-answer:" + strconv.FormatInt(a.ID, 10)
	return a, s.Mail.Enqueue(ctx, e)
}

// SetHidden hides a message or shows it again; the row stays, and the change is audited.
func (s *Service) SetHidden(ctx context.Context, p *sitecore.Principal, siteID, id int64, hidden bool) error {
	if err := s.authorize(p, siteID, sitecore.ActionPublish); err != nil {
		return err
	}
	if err := s.Store.SetFeedbackHidden(ctx, siteID, id, hidden); err != nil {
		return err
	}
	action := "feedback.unhide"
	if hidden {
		action = "feedback.hide"
	}
	ip := ""
	if a, ok := sitecore.ClientIP(ctx); ok {
		ip = a.String()
	}
	return s.Audit.Audit(context.WithoutCancel(ctx), &sitecore.AuditEntry{SiteID: siteID, ActorID: p.UserID, ActorName: p.Name,
		Action: action, Target: "feedback:" + strconv.FormatInt(id, 10), IP: ip})
}

// notifyAdmins emails the recipients of the message's topic.
func (s *Service) notifyAdmins(ctx context.Context, m *sitecore.FeedbackMessage, kind, body, key string) error {
	topic, err := s.Store.FindFeedbackTopic(ctx, m.SiteID, m.TopicID)
	if err != nil {
		return err
	}
	site, err := s.Sites.FindSiteByID(ctx, m.SiteID)
	if err != nil {
		return err
	}
	for _, uid := range topic.Recipients {
		u, err := s.Accounts.FindUserByID(ctx, uid)
		if err != nil {
			continue // a recipient whose account went receives nothing
		}
		ul := site.PageLang(u.Lang)
		e := sitecore.FeedbackEmail(kind, ul, u.Email, sitecore.FeedbackMail{Site: site.Name(ul), Topic: topic.Name(ul),
			Name: m.Name, From: m.Email, Body: body,
			Link: site.URL(s.PublicURL, "/"+string(ul)+"/panel/feedback/"+strconv.FormatInt(m.ID, 10))})
		e.Key = key + ":" + strconv.FormatInt(uid, 10)
		if err := s.Mail.Enqueue(ctx, e); err != nil {
			return err
		}
	}
	return nil
}
