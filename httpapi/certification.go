package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/render"
)

// certID parses a positive integer path parameter of the certification routes.
func certID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, sitecore.NotFound(what)
	}
	return id, nil
}

func (s *Server) certCall(w http.ResponseWriter, r *http.Request, status int, name string, call func() (any, error)) {
	v, err := call()
	if status == http.StatusNoContent {
		s.Respond(w, r, status, nil, err)
		return
	}
	s.Respond(w, r, status, map[string]any{name: v}, err)
}

func (s *Server) listCourses(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusOK, "courses", func() (any, error) {
		return s.Certification.Courses(r.Context(), web.Principal(r))
	})
}

func (s *Server) createCourse(w http.ResponseWriter, r *http.Request) {
	var in certification.CourseInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.certCall(w, r, http.StatusCreated, "course", func() (any, error) {
		return s.Certification.CreateCourse(r.Context(), web.Principal(r), in)
	})
}

func (s *Server) getCourse(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusOK, "course", func() (any, error) {
		id, err := certID(r, "courseID", "course")
		if err != nil {
			return nil, err
		}
		return s.Certification.Course(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) updateCourse(w http.ResponseWriter, r *http.Request) {
	var in certification.CourseInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.certCall(w, r, http.StatusOK, "course", func() (any, error) {
		id, err := certID(r, "courseID", "course")
		if err != nil {
			return nil, err
		}
		return s.Certification.UpdateCourse(r.Context(), web.Principal(r), id, in)
	})
}

func (s *Server) putLesson(w http.ResponseWriter, r *http.Request) {
	var in certification.LessonInput
	if !s.Decode(w, r, &in) {
		return
	}
	status := http.StatusOK
	if chi.URLParam(r, "lessonID") == "" {
		status = http.StatusCreated
	}
	s.certCall(w, r, status, "lesson", func() (any, error) {
		course, err := certID(r, "courseID", "course")
		if err != nil {
			return nil, err
		}
		var lesson int64
		if status == http.StatusOK {
			if lesson, err = certID(r, "lessonID", "lesson"); err != nil {
				return nil, err
			}
		}
		return s.Certification.PutLesson(r.Context(), web.Principal(r), course, lesson, in)
	})
}

func (s *Server) enroll(w http.ResponseWriter, r *http.Request) {
	var in struct {
		UserID int64 `json:"user_id"`
	}
	if r.ContentLength != 0 && !s.Decode(w, r, &in) {
		return
	}
	s.certCall(w, r, http.StatusCreated, "enrollment", func() (any, error) {
		id, err := certID(r, "courseID", "course")
		if err != nil {
			return nil, err
		}
		return s.Certification.Enroll(r.Context(), web.Principal(r), id, in.UserID)
	})
}

func (s *Server) lessonDone(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusOK, "enrollment", func() (any, error) {
		course, err := certID(r, "courseID", "course")
		if err != nil {
			return nil, err
		}
		lesson, err := certID(r, "lessonID", "lesson")
		if err != nil {
			return nil, err
		}
		return s.Certification.CompleteLesson(r.Context(), web.Principal(r), course, lesson)
	})
}

func (s *Server) recordExam(w http.ResponseWriter, r *http.Request) {
	var in certification.ExamResultInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.certCall(w, r, http.StatusOK, "enrollment", func() (any, error) {
		return s.Certification.RecordExam(r.Context(), web.Principal(r), in)
	})
}

func (s *Server) recordAttendance(w http.ResponseWriter, r *http.Request) {
	var in certification.AttendanceInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.certCall(w, r, http.StatusOK, "certificate", func() (any, error) {
		return s.Certification.RecordAttendance(r.Context(), web.Principal(r), in)
	})
}

func (s *Server) myLearning(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusOK, "learning", func() (any, error) {
		return s.Certification.Learning(r.Context(), web.Principal(r))
	})
}

func (s *Server) listCertificates(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusOK, "certificates", func() (any, error) {
		f := certification.CertificateFilter{Kind: r.URL.Query().Get("kind")}
		if v := r.URL.Query().Get("user_id"); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, sitecore.Invalid("user_id", "field.type", "want", "integer")
			}
			f.UserID = id
		}
		return s.Certification.Certificates(r.Context(), web.Principal(r), f)
	})
}

func (s *Server) revokeCertificate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Reason string `json:"reason"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.certCall(w, r, http.StatusOK, "certificate", func() (any, error) {
		id, err := certID(r, "certificateID", "certificate")
		if err != nil {
			return nil, err
		}
		return s.Certification.Revoke(r.Context(), web.Principal(r), s.Actor(r), id, in.Reason)
	})
}

func (s *Server) setTrainer(trainer bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.certCall(w, r, http.StatusNoContent, "", func() (any, error) {
			id, err := certID(r, "userID", "user")
			if err != nil {
				return nil, err
			}
			return nil, s.Certification.SetTrainer(r.Context(), web.Principal(r), s.Actor(r), id, trainer)
		})
	}
}

// certificatePage is the public verification page (print: the printable certificate) of
// /certificates/{code}, in kk, ru or en (?lang=, else Accept-Language). Unknown codes get
// the page too, saying so, with 404.
func (s *Server) certificatePage(print bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang := sitecore.Lang(r.URL.Query().Get("lang"))
		if lang != sitecore.Kazakh && lang != sitecore.Russian && lang != sitecore.English {
			lang = web.Lang(r)
		}
		ver, err := s.Certification.Verify(r.Context(), chi.URLParam(r, "code"))
		if err != nil {
			s.site.ErrorPage(w, r, err)
			return
		}
		base := "/certificates/" + ver.Code
		if ver.Code == "" {
			base = r.URL.Path
		}
		if print {
			base += "/print"
		}
		v := &render.CertificateView{Lang: lang, Status: string(ver.Status), Print: print && ver.Status != certification.StatusUnknown}
		for _, l := range []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English} {
			v.Languages = append(v.Languages, render.Link{Label: l.Native(), Lang: l, Href: base + "?lang=" + string(l), Current: l == lang})
		}
		if ver.Status != certification.StatusUnknown {
			v.Holder, v.Number, v.Code = ver.Holder, ver.Number, ver.Code
			v.Kind = ver.Kind.Title[lang]
			v.Issued, v.Expires = render.FormatDate(ver.IssuedAt, lang), render.FormatDate(ver.ExpiresAt, lang)
			v.VerifyURL = strings.TrimRight(s.PublicURL, "/") + "/certificates/" + ver.Code
			v.PrintURL = "/certificates/" + ver.Code + "/print?lang=" + string(lang)
		}
		body, err := s.Theme.Certificate(v)
		if err != nil {
			s.site.ErrorPage(w, r, sitecore.Internal("certificate page", err))
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Language", string(lang))
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		status := http.StatusOK
		if ver.Status == certification.StatusUnknown {
			status = http.StatusNotFound
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}
