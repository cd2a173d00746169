package site

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/forum"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/media"
	"github.com/mektep/mektep/sitecore/render"
	"github.com/mektep/mektep/sitecore/survey"
)

// The communities' pages on a school's domain (issue #15): the list with forum search, a
// community, a forum, a topic page by page, and the moderators' queue. Every form works
// without JavaScript (POST/redirect/GET behind cross-origin protection), the same
// forum.Service as the JSON API decides, and a private community is the site's ordinary
// "not found" page to anyone but its members.

//go:embed templates/forum.html
var forumHTML string

var forumPage = template.Must(template.New("forum").Funcs(template.FuncMap{
	"safe": func(s string) template.HTML { return template.HTML(s) }, //nolint:gosec // post bodies are sanitized on write; snippets are escaped text with <mark>
}).Parse(forumHTML))

// maxForumForm bounds what a forum form may post (a post is at most 20,000 characters).
const maxForumForm = 256 << 10

// maxForumImage bounds the image form of a topic page (the media library caps an image
// at 20 MiB by default).
const maxForumImage = 21 << 20

type forumView struct {
	Kind      string // list, community, forum, topic, queue
	Lang      sitecore.Lang
	UI        map[string]string
	SiteName  string
	Title     string
	Self      string
	Languages []render.Link
	CSS       string
	LoggedIn  bool
	Notice    string
	Error     string
	ErrField  string
	Form      url.Values

	Communities []forum.Listed
	Query       string
	Hits        []forum.SearchHit
	Searched    bool

	Access  *forum.Access
	Forums  []sitecore.Forum
	Forum   *sitecore.Forum
	Topics  []sitecore.Topic
	Members []sitecore.CommunityMember
	Polls   template.HTML // the community's polls (ownerPolls)

	Topic    *sitecore.Topic
	Posts    []forumPost
	Page     int
	Pages    []forumPageLink
	Prev     string
	Next     string
	QuoteID  int64
	Quote    string
	Queue    *forum.Queue
	Reported []forumReport
	// ReactionKinds are the reactions a post offers, in order.
	ReactionKinds []string
}

// PageOf is the page of the topic showing the post numbered seq.
func (v *forumView) PageOf(seq int) int { return forum.PageOf(seq) }

type forumPost struct {
	sitecore.Post
	When string
}

type forumReport struct {
	sitecore.PostReport
	Post forumPost
}

type forumPageLink struct {
	N       int
	Href    string
	Current bool
	Gap     bool
}

func (s *Server) forumView(r *http.Request, site *sitecore.Site, lang sitecore.Lang, kind, path string) *forumView {
	v := &forumView{Kind: kind, Lang: lang, UI: locale.ForumPage(lang), SiteName: site.Name(lang), Self: r.URL.Path,
		CSS: frontend.Path("forum.css"), LoggedIn: web.Principal(r).LoggedIn(), Form: url.Values{},
		ReactionKinds: []string{sitecore.ReactionLike, sitecore.ReactionThanks, sitecore.ReactionAgree}}
	for _, l := range site.Languages {
		v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: "/" + string(l) + path, Lang: l, Current: l == lang})
	}
	return v
}

func (s *Server) renderForum(w http.ResponseWriter, r *http.Request, status int, v *forumView) {
	var b bytes.Buffer
	if err := forumPage.Execute(&b, v); err != nil {
		s.ErrorPage(w, r, sitecore.Internal("render", err))
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	s.writePrivatePage(w, r, status, b.Bytes(), nil)
}

// forumFail answers an error of the service: "not found" as the site's 404 page, anything
// else on the page itself, next to the field it names.
func (s *Server) forumFail(w http.ResponseWriter, r *http.Request, v *forumView, err error) {
	e := sitecore.AsError(err)
	switch e.Code {
	case sitecore.ENotFound:
		s.NotFound(w, r)
		return
	case sitecore.EUnauthorized:
		http.Redirect(w, r, "/"+chi.URLParam(r, "lang")+"/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return
	}
	if v == nil || v.Kind == "" {
		s.ErrorPage(w, r, err)
		return
	}
	v.Error, v.ErrField = sitecore.Message(v.Lang, e.Key, e.Args), e.Field
	s.renderForum(w, r, web.StatusOf(e.Code), v)
}

func (s *Server) forumBegin(w http.ResponseWriter, r *http.Request) (*sitecore.Site, sitecore.Lang, bool) {
	if s.Forums == nil {
		s.NotFound(w, r)
		return nil, "", false
	}
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return nil, "", false
	}
	if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// The image form of a topic page: streamed into the media library by its handler,
		// which the upload's size cap and the school's quota bound.
		r.Body = http.MaxBytesReader(w, r.Body, maxForumImage)
		return site, lang, true
	}
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxForumForm)
		if err := r.ParseForm(); err != nil {
			s.forumFail(w, r, &forumView{Lang: lang}, &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Args: map[string]string{"limit": "256 KiB"}})
			return nil, "", false
		}
	}
	return site, lang, true
}

func urlID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// CommunitiesPage lists the school's and the platform's communities the visitor may see,
// and searches their posts (?q=).
func (s *Server) CommunitiesPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.forumBegin(w, r)
	if !ok {
		return
	}
	p := web.Principal(r)
	v := s.forumView(r, site, lang, "list", "/communities")
	v.Title = v.UI["communities"]
	var err error
	if v.Communities, err = s.Forums.Communities(r.Context(), p, site.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if v.Query = r.URL.Query().Get("q"); v.Query != "" {
		v.Searched = true
		if v.Hits, err = s.Forums.Search(r.Context(), p, site.ID, lang, v.Query); err != nil {
			s.forumFail(w, r, v, err)
			return
		}
	}
	s.renderForum(w, r, http.StatusOK, v)
}

// CommunityPage shows a community's forums (GET) and takes join, leave, approve and
// new-forum forms (POST).
func (s *Server) CommunityPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.forumBegin(w, r)
	if !ok {
		return
	}
	p, id := web.Principal(r), urlID(r, "communityID")
	base := "/communities/" + strconv.FormatInt(id, 10)
	v := s.forumView(r, site, lang, "community", base)
	load := func() error {
		a, err := s.Forums.Access(r.Context(), p, site.ID, id)
		if err != nil {
			return err
		}
		v.Access, v.Title = a, a.Community.Name
		if v.Forums, err = s.Forums.Forums(r.Context(), p, site.ID, id); err != nil {
			return err
		}
		polls, err := s.ownerPolls(r.Context(), site, lang, survey.OwnerCommunity, strconv.FormatInt(id, 10))
		if err != nil {
			return err
		}
		v.Polls = template.HTML(polls) // rendered by the poll templates, escaped there
		if a.Moderator {
			v.Members, err = s.Forums.Members(r.Context(), p, site.ID, id)
		}
		return err
	}
	if err := load(); err != nil {
		s.forumFail(w, r, nil, err)
		return
	}
	if r.Method == http.MethodPost {
		var err error
		notice := ""
		switch r.PostFormValue("action") {
		case "join":
			var m *sitecore.CommunityMember
			if m, err = s.Forums.Join(r.Context(), p, site.ID, id); err == nil {
				notice = m.Status
			}
		case "leave":
			err, notice = s.Forums.Leave(r.Context(), p, site.ID, id), "left"
		case "approve", "reject":
			_, err = s.Forums.Decide(r.Context(), p, site.ID, id, formID(r.PostFormValue("user_id")), r.PostFormValue("action"))
			notice = strings.TrimSuffix(r.PostFormValue("action"), "e") + "ed"
		case "forum":
			_, err = s.Forums.CreateForum(r.Context(), p, site.ID, id, forum.NewForum{Name: r.PostFormValue("name"),
				Description: r.PostFormValue("description")})
			notice = "forum_created"
		default:
			err = sitecore.Invalid("action", "forum.action")
		}
		if err != nil {
			v.Form = r.PostForm
			s.forumFail(w, r, v, err)
			return
		}
		http.Redirect(w, r, "/"+string(lang)+base+"?done="+notice, http.StatusSeeOther)
		return
	}
	v.Notice = v.UI["done_"+r.URL.Query().Get("done")]
	s.renderForum(w, r, http.StatusOK, v)
}

// ForumPage lists a forum's topics (GET) and starts a topic (POST).
func (s *Server) ForumPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.forumBegin(w, r)
	if !ok {
		return
	}
	p, id, fid := web.Principal(r), urlID(r, "communityID"), urlID(r, "forumID")
	base := "/communities/" + strconv.FormatInt(id, 10)
	v := s.forumView(r, site, lang, "forum", base+"/forums/"+strconv.FormatInt(fid, 10))
	a, err := s.Forums.Access(r.Context(), p, site.ID, id)
	if err != nil {
		s.forumFail(w, r, nil, err)
		return
	}
	v.Access = a
	if v.Forum, v.Topics, err = s.Forums.ForumTopics(r.Context(), p, site.ID, id, fid); err != nil {
		s.forumFail(w, r, nil, err)
		return
	}
	v.Title = v.Forum.Name
	if r.Method == http.MethodPost {
		if r.PostFormValue("action") == "subscribe" {
			err = s.Forums.Subscribe(r.Context(), p, site.ID, id, fid, 0, r.PostFormValue("on") == "1")
			if err == nil {
				http.Redirect(w, r, r.URL.Path+"?done=subscribed", http.StatusSeeOther)
				return
			}
		} else {
			var t *sitecore.Topic
			var post *sitecore.Post
			t, post, err = s.Forums.CreateTopic(r.Context(), p, site.ID, id, fid, lang, forum.NewPost{Title: r.PostFormValue("title"), Body: r.PostFormValue("body")})
			if err == nil {
				done := ""
				if post.Status == sitecore.PostHeld {
					done = "?done=held"
				}
				http.Redirect(w, r, "/"+string(lang)+base+"/topics/"+strconv.FormatInt(t.ID, 10)+done, http.StatusSeeOther)
				return
			}
		}
		v.Form = r.PostForm
		s.forumFail(w, r, v, err)
		return
	}
	v.Notice = v.UI["done_"+r.URL.Query().Get("done")]
	s.renderForum(w, r, http.StatusOK, v)
}

// TopicPage shows a page of a topic (GET ?page=N) and takes the reply, reaction, report,
// subscription and moderators' forms (POST).
func (s *Server) TopicPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.forumBegin(w, r)
	if !ok {
		return
	}
	p, id, tid := web.Principal(r), urlID(r, "communityID"), urlID(r, "topicID")
	path := "/communities/" + strconv.FormatInt(id, 10) + "/topics/" + strconv.FormatInt(tid, 10)
	self := "/" + string(lang) + path
	v := s.forumView(r, site, lang, "topic", path)
	n := 1
	if q := r.URL.Query().Get("page"); q != "" {
		var err error
		if n, err = strconv.Atoi(q); err != nil {
			s.NotFound(w, r)
			return
		}
	}
	if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		m, err := s.Forums.UploadImage(r.Context(), p, site.ID, id, forumImageUpload(r))
		if err == nil {
			http.Redirect(w, r, self+"?page="+strconv.Itoa(n)+"&image="+url.QueryEscape(m.URL)+"#reply", http.StatusSeeOther)
			return
		}
		if c := sitecore.ErrorCode(err); c == sitecore.ENotFound || c == sitecore.EUnauthorized {
			s.forumFail(w, r, v, err)
			return
		}
		if lerr := s.loadTopic(r, v, site, id, tid, n); lerr != nil {
			s.forumFail(w, r, nil, lerr)
			return
		}
		s.forumFail(w, r, v, err)
		return
	}
	if r.Method == http.MethodPost {
		var err error
		back, done := self, ""
		postID := formID(r.PostFormValue("post_id"))
		switch action := r.PostFormValue("action"); action {
		case "reply":
			var post *sitecore.Post
			post, err = s.Forums.Reply(r.Context(), p, site.ID, id, tid, lang, forum.NewPost{Body: r.PostFormValue("body"), QuoteID: formID(r.PostFormValue("quote_id"))})
			if err == nil {
				back = self + "?page=" + strconv.Itoa(forum.PageOf(post.Seq))
				if post.Status == sitecore.PostHeld {
					back, done = back+"&done=held", ""
				}
				back += "#post-" + strconv.Itoa(post.Seq)
			}
		case "react":
			err = s.Forums.React(r.Context(), p, site.ID, id, postID, r.PostFormValue("kind"), r.PostFormValue("on") != "0")
		case "report":
			done = "reported"
			_, err = s.Forums.Report(r.Context(), p, site.ID, id, postID, r.PostFormValue("reason"))
		case "subscribe":
			err, done = s.Forums.Subscribe(r.Context(), p, site.ID, id, 0, tid, r.PostFormValue("on") == "1"), "subscribed"
		case "hide", "show", "approve":
			done = "moderated"
			_, err = s.Forums.Moderate(r.Context(), p, site.ID, id, postID, action)
		case "pin", "unpin", "lock", "unlock", "move":
			var ch forum.TopicChange
			on := action == "pin" || action == "lock"
			switch action {
			case "pin", "unpin":
				ch.Pinned = &on
			case "lock", "unlock":
				ch.Locked = &on
			case "move":
				f := formID(r.PostFormValue("forum_id"))
				ch.ForumID = &f
			}
			done = "moderated"
			_, err = s.Forums.ChangeTopic(r.Context(), p, site.ID, id, tid, ch)
		case "promote":
			done = "promoted"
			_, err = s.Forums.Promote(r.Context(), p, site.ID, id, postID)
		default:
			err = sitecore.Invalid("action", "forum.action")
		}
		if err == nil {
			if done != "" {
				back += "?page=" + strconv.Itoa(n) + "&done=" + done
			}
			http.Redirect(w, r, back, http.StatusSeeOther)
			return
		}
		if sitecore.ErrorCode(err) == sitecore.ENotFound || sitecore.ErrorCode(err) == sitecore.EUnauthorized {
			s.forumFail(w, r, v, err)
			return
		}
		v.Form = r.PostForm
		if lerr := s.loadTopic(r, v, site, id, tid, n); lerr != nil {
			s.forumFail(w, r, nil, lerr)
			return
		}
		s.forumFail(w, r, v, err)
		return
	}
	if err := s.loadTopic(r, v, site, id, tid, n); err != nil {
		s.forumFail(w, r, nil, err)
		return
	}
	v.Notice = v.UI["done_"+r.URL.Query().Get("done")]
	if img := r.URL.Query().Get("image"); cms.ForumImageSrc.MatchString(img) {
		// Just uploaded: the message starts with the image (no JavaScript needed).
		v.Form.Set("body", `<img src="`+img+`" alt="">`+"\n\n")
		v.Notice = v.UI["image_added"]
	}
	if q, _ := strconv.ParseInt(r.URL.Query().Get("quote"), 10, 64); q > 0 {
		for _, x := range v.Posts {
			if x.ID == q {
				v.QuoteID, v.Quote = q, x.AuthorName
			}
		}
	}
	s.renderForum(w, r, http.StatusOK, v)
}

// forumImageUpload is the "file" part of a topic page's image form (empty when missing:
// the media library then names the field).
func forumImageUpload(r *http.Request) media.Upload {
	mr, err := r.MultipartReader()
	if err != nil {
		return media.Upload{Length: -1, Body: strings.NewReader("")}
	}
	for range 10 {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		if part.FormName() == "file" {
			return media.Upload{Name: part.FileName(), Length: -1, Body: part}
		}
		_ = part.Close()
	}
	return media.Upload{Length: -1, Body: strings.NewReader("")}
}

func (s *Server) loadTopic(r *http.Request, v *forumView, site *sitecore.Site, id, tid int64, n int) error {
	pg, err := s.Forums.Topic(r.Context(), web.Principal(r), site.ID, id, tid, n)
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.EInvalid {
			return sitecore.NotFound("page") // a page past the end
		}
		return err
	}
	v.Access, v.Topic, v.Forum, v.Title, v.Page = pg.Access, pg.Topic, pg.Forum, pg.Topic.Title, pg.Page
	if pg.Access.Moderator {
		if v.Forums, err = s.Forums.Forums(r.Context(), web.Principal(r), site.ID, id); err != nil {
			return err
		}
	}
	for _, x := range pg.Posts {
		v.Posts = append(v.Posts, forumPost{Post: x, When: formatWhen(x.CreatedAt, v.Lang)})
	}
	base := "/" + string(v.Lang) + "/communities/" + strconv.FormatInt(id, 10) + "/topics/" + strconv.FormatInt(tid, 10) + "?page="
	v.Pages = pager(pg.Page, pg.Pages, base)
	if pg.Page > 1 {
		v.Prev = base + strconv.Itoa(pg.Page-1)
	}
	if pg.Page < pg.Pages {
		v.Next = base + strconv.Itoa(pg.Page+1)
	}
	return nil
}

// pager lists the first, last and nearby pages, with gaps between.
func pager(cur, total int, base string) []forumPageLink {
	var out []forumPageLink
	last := 0
	for i := 1; i <= total; i++ {
		if i != 1 && i != total && (i < cur-2 || i > cur+2) {
			continue
		}
		if last != 0 && i > last+1 {
			out = append(out, forumPageLink{Gap: true})
		}
		out = append(out, forumPageLink{N: i, Href: base + strconv.Itoa(i), Current: i == cur})
		last = i
	}
	return out
}

// ModerationPage is a community's moderation queue: held posts of new members and
// reported posts, each with approve/hide/dismiss.
func (s *Server) ModerationPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.forumBegin(w, r)
	if !ok {
		return
	}
	p, id := web.Principal(r), urlID(r, "communityID")
	path := "/communities/" + strconv.FormatInt(id, 10) + "/moderation"
	v := s.forumView(r, site, lang, "queue", path)
	if r.Method == http.MethodPost {
		var err error
		done := "moderated"
		switch action := r.PostFormValue("action"); action {
		case "approve_request", "reject_request":
			decision := strings.TrimSuffix(action, "_request")
			_, err = s.Forums.Decide(r.Context(), p, site.ID, id, formID(r.PostFormValue("user_id")), decision)
			done = strings.TrimSuffix(decision, "e") + "ed"
		default:
			_, err = s.Forums.Moderate(r.Context(), p, site.ID, id, formID(r.PostFormValue("post_id")), action)
		}
		if err != nil {
			s.forumFail(w, r, nil, err)
			return
		}
		http.Redirect(w, r, "/"+string(lang)+path+"?done="+done, http.StatusSeeOther)
		return
	}
	a, err := s.Forums.Access(r.Context(), p, site.ID, id)
	if err != nil {
		s.forumFail(w, r, nil, err)
		return
	}
	q, err := s.Forums.ModerationQueue(r.Context(), p, site.ID, id)
	if sitecore.ErrorCode(err) == sitecore.EForbidden {
		s.NotFound(w, r)
		return
	} else if err != nil {
		s.forumFail(w, r, nil, err)
		return
	}
	v.Access, v.Queue, v.Title = a, q, v.UI["moderation"]+" — "+a.Community.Name
	v.Members = q.Requests
	for _, x := range q.Held {
		v.Posts = append(v.Posts, forumPost{Post: x, When: formatWhen(x.CreatedAt, lang)})
	}
	for _, rep := range q.Reports {
		post := q.Posts[rep.PostID]
		v.Reported = append(v.Reported, forumReport{PostReport: rep, Post: forumPost{Post: post, When: formatWhen(post.CreatedAt, lang)}})
	}
	v.Notice = v.UI["done_"+r.URL.Query().Get("done")]
	s.renderForum(w, r, http.StatusOK, v)
}
