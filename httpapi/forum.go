package httpapi

import (
	"net/http"
	"strconv"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/forum"
)

// Communities and forums (issue #15). The API is the platform's: a community is found by
// its ID whatever the host, and a private one is "not found" to anyone but its members and
// moderators.

// communityCall parses {communityID} and answers call's value under name.
func (s *Server) communityCall(w http.ResponseWriter, r *http.Request, status int, name string, call func(id int64) (any, error)) {
	id, ok := s.IDParam(w, r, "communityID", "community")
	if !ok {
		return
	}
	v, err := call(id)
	if status == http.StatusNoContent {
		s.Respond(w, r, status, nil, err)
		return
	}
	s.Respond(w, r, status, map[string]any{name: v}, err)
}

// queryID is an optional positive integer query parameter (0 when absent).
func queryID(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, sitecore.Invalid(name, "field.type", "want", "number")
	}
	return n, nil
}

func (s *Server) listCommunities(w http.ResponseWriter, r *http.Request) {
	site, err := queryID(r, "site_id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	cs, err := s.Forums.Communities(r.Context(), web.Principal(r), site)
	s.Respond(w, r, http.StatusOK, map[string]any{"communities": cs}, err)
}

func (s *Server) createCommunity(w http.ResponseWriter, r *http.Request) {
	var in forum.NewCommunity
	if !s.Decode(w, r, &in) {
		return
	}
	c, err := s.Forums.CreateCommunity(r.Context(), web.Principal(r), in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"community": c}, err)
}

// communityView is a community with its forums and the caller's standing in it.
type communityView struct {
	Community  *sitecore.Community `json:"community"`
	Forums     []sitecore.Forum    `json:"forums"`
	Membership string              `json:"membership"`
	Moderator  bool                `json:"moderator"`
}

func (s *Server) getCommunity(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "communityID", "community")
	if !ok {
		return
	}
	p := web.Principal(r)
	a, err := s.Forums.Access(r.Context(), p, 0, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	fs, err := s.Forums.Forums(r.Context(), p, 0, id)
	v := communityView{Community: a.Community, Forums: fs, Moderator: a.Moderator}
	if a.Member != nil {
		v.Membership = a.Member.Status
	}
	s.Respond(w, r, http.StatusOK, v, err)
}

func (s *Server) joinCommunity(w http.ResponseWriter, r *http.Request) {
	s.communityCall(w, r, http.StatusOK, "member", func(id int64) (any, error) {
		return s.Forums.Join(r.Context(), web.Principal(r), 0, id)
	})
}

func (s *Server) leaveCommunity(w http.ResponseWriter, r *http.Request) {
	s.communityCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		return nil, s.Forums.Leave(r.Context(), web.Principal(r), 0, id)
	})
}

func (s *Server) communityMembers(w http.ResponseWriter, r *http.Request) {
	s.communityCall(w, r, http.StatusOK, "members", func(id int64) (any, error) {
		return s.Forums.Members(r.Context(), web.Principal(r), 0, id)
	})
}

func (s *Server) setCommunityMember(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Role string `json:"role"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	uid, ok := s.IDParam(w, r, "userID", "user")
	if !ok {
		return
	}
	s.communityCall(w, r, http.StatusOK, "member", func(id int64) (any, error) {
		return s.Forums.SetMember(r.Context(), web.Principal(r), 0, id, uid, in.Role)
	})
}

func (s *Server) decideRequest(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Decision string `json:"decision"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	uid, ok := s.IDParam(w, r, "userID", "user")
	if !ok {
		return
	}
	s.communityCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		_, err := s.Forums.Decide(r.Context(), web.Principal(r), 0, id, uid, in.Decision)
		return nil, err
	})
}

// uploadForumImage stores an image for a post of a school's community in the school's
// media library (its quota applies); the body is read once the person may.
func (s *Server) uploadForumImage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "communityID", "community")
	if !ok {
		return
	}
	p := web.Principal(r)
	if _, err := s.Forums.MayUploadImage(r.Context(), p, 0, id); err != nil {
		s.Error(w, r, err)
		return
	}
	in, err := s.readUpload(w, r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, err := s.Forums.UploadImage(r.Context(), p, 0, id, in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"media": m}, err)
}

func (s *Server) createForum(w http.ResponseWriter, r *http.Request) {
	var in forum.NewForum
	if !s.Decode(w, r, &in) {
		return
	}
	s.communityCall(w, r, http.StatusCreated, "forum", func(id int64) (any, error) {
		return s.Forums.CreateForum(r.Context(), web.Principal(r), 0, id, in)
	})
}

func (s *Server) getForum(w http.ResponseWriter, r *http.Request) {
	fid, ok := s.IDParam(w, r, "forumID", "forum")
	if !ok {
		return
	}
	id, ok := s.IDParam(w, r, "communityID", "community")
	if !ok {
		return
	}
	f, ts, err := s.Forums.ForumTopics(r.Context(), web.Principal(r), 0, id, fid)
	s.Respond(w, r, http.StatusOK, map[string]any{"forum": f, "topics": ts}, err)
}

func (s *Server) createTopic(w http.ResponseWriter, r *http.Request) {
	var in forum.NewPost
	if !s.Decode(w, r, &in) {
		return
	}
	fid, ok := s.IDParam(w, r, "forumID", "forum")
	if !ok {
		return
	}
	id, ok := s.IDParam(w, r, "communityID", "community")
	if !ok {
		return
	}
	t, p, err := s.Forums.CreateTopic(r.Context(), web.Principal(r), 0, id, fid, web.Lang(r), in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"topic": t, "post": p}, err)
}

func (s *Server) getTopic(w http.ResponseWriter, r *http.Request) {
	tid, ok := s.IDParam(w, r, "topicID", "topic")
	if !ok {
		return
	}
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.Error(w, r, sitecore.Invalid("page", "field.type", "want", "number"))
			return
		}
		page = n
	}
	s.communityCall(w, r, http.StatusOK, "page", func(id int64) (any, error) {
		return s.Forums.Topic(r.Context(), web.Principal(r), 0, id, tid, page)
	})
}

func (s *Server) changeTopic(w http.ResponseWriter, r *http.Request) {
	var in forum.TopicChange
	if !s.Decode(w, r, &in) {
		return
	}
	tid, ok := s.IDParam(w, r, "topicID", "topic")
	if !ok {
		return
	}
	s.communityCall(w, r, http.StatusOK, "topic", func(id int64) (any, error) {
		return s.Forums.ChangeTopic(r.Context(), web.Principal(r), 0, id, tid, in)
	})
}

func (s *Server) replyTopic(w http.ResponseWriter, r *http.Request) {
	var in forum.NewPost
	if !s.Decode(w, r, &in) {
		return
	}
	tid, ok := s.IDParam(w, r, "topicID", "topic")
	if !ok {
		return
	}
	s.communityCall(w, r, http.StatusCreated, "post", func(id int64) (any, error) {
		return s.Forums.Reply(r.Context(), web.Principal(r), 0, id, tid, web.Lang(r), in)
	})
}

type subscriptionIn struct {
	On bool `json:"on"`
}

func (s *Server) subscribeTopic(w http.ResponseWriter, r *http.Request) {
	var in subscriptionIn
	if !s.Decode(w, r, &in) {
		return
	}
	tid, ok := s.IDParam(w, r, "topicID", "topic")
	if !ok {
		return
	}
	s.communityCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		return nil, s.Forums.Subscribe(r.Context(), web.Principal(r), 0, id, 0, tid, in.On)
	})
}

func (s *Server) subscribeForum(w http.ResponseWriter, r *http.Request) {
	var in subscriptionIn
	if !s.Decode(w, r, &in) {
		return
	}
	fid, ok := s.IDParam(w, r, "forumID", "forum")
	if !ok {
		return
	}
	s.communityCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		return nil, s.Forums.Subscribe(r.Context(), web.Principal(r), 0, id, fid, 0, in.On)
	})
}

func (s *Server) reportPost(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Reason string `json:"reason"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	pid, ok := s.IDParam(w, r, "postID", "post")
	if !ok {
		return
	}
	s.communityCall(w, r, http.StatusCreated, "report", func(id int64) (any, error) {
		return s.Forums.Report(r.Context(), web.Principal(r), 0, id, pid, in.Reason)
	})
}

func (s *Server) reactPost(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Kind string `json:"kind"`
		On   bool   `json:"on"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	pid, ok := s.IDParam(w, r, "postID", "post")
	if !ok {
		return
	}
	s.communityCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		return nil, s.Forums.React(r.Context(), web.Principal(r), 0, id, pid, in.Kind, in.On)
	})
}

func (s *Server) moderatePost(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Action string `json:"action"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	pid, ok := s.IDParam(w, r, "postID", "post")
	if !ok {
		return
	}
	s.communityCall(w, r, http.StatusOK, "post", func(id int64) (any, error) {
		return s.Forums.Moderate(r.Context(), web.Principal(r), 0, id, pid, in.Action)
	})
}

func (s *Server) promotePost(w http.ResponseWriter, r *http.Request) {
	pid, ok := s.IDParam(w, r, "postID", "post")
	if !ok {
		return
	}
	s.communityCall(w, r, http.StatusCreated, "news", func(id int64) (any, error) {
		return s.Forums.Promote(r.Context(), web.Principal(r), 0, id, pid)
	})
}

func (s *Server) moderationQueue(w http.ResponseWriter, r *http.Request) {
	s.communityCall(w, r, http.StatusOK, "queue", func(id int64) (any, error) {
		return s.Forums.ModerationQueue(r.Context(), web.Principal(r), 0, id)
	})
}

func (s *Server) searchForums(w http.ResponseWriter, r *http.Request) {
	site, err := queryID(r, "site_id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	lang := sitecore.Lang(r.URL.Query().Get("lang"))
	if !lang.Supported() {
		lang = web.Lang(r)
	}
	hits, err := s.Forums.Search(r.Context(), web.Principal(r), site, lang, r.URL.Query().Get("q"))
	s.Respond(w, r, http.StatusOK, map[string]any{"hits": hits}, err)
}
