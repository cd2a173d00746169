package certification

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// CourseLangs are the languages a course is written in; every title needs all three.
var CourseLangs = []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English}

// Course is a course for site admins that leads to a certificate of Kind. Its lessons are
// taken in order; the final exam (and the shorter refresher exam that renews a certificate)
// are tests of the test engine, described here by their policies. Images and files of its
// lessons are items of the media library of MediaSiteID (the platform's training site).
type Course struct {
	ID          int64                    `json:"id"`
	Kind        string                   `json:"kind"`
	Title       map[sitecore.Lang]string `json:"title"`
	Summary     map[sitecore.Lang]string `json:"summary"`
	MediaSiteID int64                    `json:"media_site_id,omitempty"`
	Exam        ExamPolicy               `json:"exam"`
	Refresher   ExamPolicy               `json:"refresher"`
	Published   bool                     `json:"published"`
	CreatedBy   int64                    `json:"created_by"`
	CreatedAt   time.Time                `json:"created_at"`
	UpdatedAt   time.Time                `json:"updated_at"`
	Lessons     []*Lesson                `json:"lessons,omitempty"`
}

// Lesson is one step of a course: rich text (sanitized when saved), media library items
// (images and downloadable files) by ID, and video embeds (YouTube or Vimeo).
type Lesson struct {
	ID       int64                    `json:"id"`
	CourseID int64                    `json:"course_id"`
	Position int                      `json:"position"`
	Title    map[sitecore.Lang]string `json:"title"`
	Body     map[sitecore.Lang]string `json:"body"`
	Media    []string                 `json:"media"`
	Videos   []Video                  `json:"videos"`
}

// Video is an embedded video; URL is the only address it is shown from.
type Video struct {
	Provider string `json:"provider"`
	ID       string `json:"id"`
	Key      string `json:"-"`
	URL      string `json:"url"`
}

// Limits of what trainers write.
const (
	MaxTitle     = 200
	MaxSummary   = 2000
	MaxBody      = 100000
	MaxMedia     = 50
	MaxVideos    = 10
	MaxLessons   = 100
	maxReason    = 1000
	maxAttempts  = 20
	maxWaitHours = 24 * 90
)

// CourseInput is what a trainer submits to create or change a course. Absent fields of a
// change keep their value.
type CourseInput struct {
	Kind        *string                  `json:"kind"`
	Title       map[sitecore.Lang]string `json:"title"`
	Summary     map[sitecore.Lang]string `json:"summary"`
	MediaSiteID *int64                   `json:"media_site_id"`
	Exam        *ExamPolicyInput         `json:"exam"`
	Refresher   *ExamPolicyInput         `json:"refresher"`
	Published   *bool                    `json:"published"`
}

// LessonInput is what a trainer submits for a lesson. Position 0 appends.
type LessonInput struct {
	Position int                      `json:"position"`
	Title    map[sitecore.Lang]string `json:"title"`
	Body     map[sitecore.Lang]string `json:"body"`
	Media    []string                 `json:"media"`
	Videos   []string                 `json:"videos"` // YouTube or Vimeo addresses
}

// texts validates a text in every course language: present (when required), trimmed and at
// most max characters; languages outside CourseLangs are refused.
func texts(field string, in map[sitecore.Lang]string, max int, required bool) (map[sitecore.Lang]string, error) {
	out := make(map[sitecore.Lang]string, len(CourseLangs))
	for l, s := range in {
		if !slices.Contains(CourseLangs, l) {
			return nil, sitecore.Invalid(field+"."+string(l), "lang.unsupported", "value", string(l))
		}
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) > max {
			return nil, sitecore.Invalid(field+"."+string(l), "field.too_long", "max", strconv.Itoa(max))
		}
		if s != "" {
			out[l] = s
		}
	}
	if required {
		for _, l := range CourseLangs {
			if out[l] == "" {
				return nil, sitecore.Invalid(field+"."+string(l), "field.required")
			}
		}
	}
	return out, nil
}

// Apply validates in and writes it over c (a new course is the zero Course). Nothing of c
// changes when in is refused.
func (in CourseInput) Apply(c *Course, kinds func(code string) bool) error {
	n := *c
	if in.Kind != nil {
		if !kinds(*in.Kind) {
			return sitecore.Invalid("kind", "cert.kind_unknown", "value", *in.Kind)
		}
		n.Kind = *in.Kind
	} else if n.Kind == "" {
		return sitecore.Invalid("kind", "field.required")
	}
	if in.Title != nil || c.ID == 0 {
		t, err := texts("title", in.Title, MaxTitle, true)
		if err != nil {
			return err
		}
		n.Title = t
	}
	if in.Summary != nil {
		t, err := texts("summary", in.Summary, MaxSummary, false)
		if err != nil {
			return err
		}
		n.Summary = t
	}
	if n.Summary == nil {
		n.Summary = map[sitecore.Lang]string{}
	}
	if in.MediaSiteID != nil {
		if *in.MediaSiteID < 0 {
			return sitecore.Invalid("media_site_id", "cert.media_site")
		}
		n.MediaSiteID = *in.MediaSiteID
	}
	if in.Exam != nil || c.ID == 0 {
		p, err := in.Exam.policy("exam", DefaultExam)
		if err != nil {
			return err
		}
		n.Exam = p
	}
	if in.Refresher != nil || c.ID == 0 {
		p, err := in.Refresher.policy("refresher", DefaultRefresher)
		if err != nil {
			return err
		}
		n.Refresher = p
	}
	if in.Published != nil {
		n.Published = *in.Published
	}
	*c = n
	return nil
}

// Lesson validates the input and returns the lesson with its body sanitized by sanitize
// (cms.RichText) and its video addresses recognised. Media IDs are checked by the service.
func (in LessonInput) Lesson(sanitize func(string) string) (*Lesson, error) {
	title, err := texts("title", in.Title, MaxTitle, true)
	if err != nil {
		return nil, err
	}
	body, err := texts("body", in.Body, MaxBody, false)
	if err != nil {
		return nil, err
	}
	for l, b := range body {
		body[l] = sanitize(b)
	}
	if in.Position < 0 || in.Position > MaxLessons {
		return nil, sitecore.Invalid("position", "cert.position", "max", strconv.Itoa(MaxLessons))
	}
	if len(in.Media) > MaxMedia {
		return nil, sitecore.Invalid("media", "cert.too_many", "max", strconv.Itoa(MaxMedia))
	}
	media := []string{}
	for i, id := range in.Media {
		id = strings.TrimSpace(id)
		if id == "" || len(id) > 64 {
			return nil, sitecore.Invalid("media."+strconv.Itoa(i), "field.required")
		}
		if !slices.Contains(media, id) {
			media = append(media, id)
		}
	}
	if len(in.Videos) > MaxVideos {
		return nil, sitecore.Invalid("videos", "cert.too_many", "max", strconv.Itoa(MaxVideos))
	}
	videos := []Video{}
	for i, raw := range in.Videos {
		provider, id, key, ok := sitecore.ParseVideoURL(strings.TrimSpace(raw))
		if !ok {
			return nil, sitecore.Invalid("videos."+strconv.Itoa(i), "cert.video_url")
		}
		videos = append(videos, Video{Provider: provider, ID: id, Key: key, URL: sitecore.EmbedURL(provider, id, key)})
	}
	return &Lesson{Position: in.Position, Title: title, Body: body, Media: media, Videos: videos}, nil
}
