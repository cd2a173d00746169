package survey_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/survey"
	"github.com/mektep/mektep/sitecore/survey/surveytest"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// fakeVerifier and fakeCMS stand in for sitecore/eds (see package surveytest).
type fakeVerifier = surveytest.Verifier

var fakeCMS = surveytest.CMS

// opener stands in for the survey's workflow where a test only needs the survey open: its
// Start does what the workflow's first step does when the opening time has come.
type opener struct{ db *postgres.DB }

func (o opener) Start(ctx context.Context, siteID, surveyID int64) error {
	_, err := o.db.SetStatus(ctx, siteID, surveyID, survey.StatusOpen, []survey.Status{survey.StatusScheduled}, nil)
	return err
}
func (opener) Cancel(context.Context, int64, int64, int64) error            { return nil }
func (opener) Extend(context.Context, int64, int64, int64, time.Time) error { return nil }
func (opener) Close(context.Context, int64, int64, int64) error             { return nil }

var operator = &sitecore.Principal{UserID: 0, PlatformRole: sitecore.PlatformOperator}

// env is a service on a fresh database with one site.
type env struct {
	db   *postgres.DB
	svc  *survey.Service
	site *sitecore.Site
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := testenv.Postgres(t)
	site, err := sitecore.NewSite{Slug: "school-7", Names: map[string]string{"kk": "№7 мектеп", "ru": "Школа №7"},
		Domains: []string{"school7.kz"}, Languages: []string{"kk", "ru"}, OwnerEmail: "owner@school7.kz"}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	svc := &survey.Service{Store: db, Sites: db, Verifier: fakeVerifier{},
		Hasher: survey.HMACHasher{Key: bytes.Repeat([]byte{7}, 32)}, Sealer: survey.AESSealer{Key: bytes.Repeat([]byte{9}, 32)},
		Workflows: opener{db}}
	return &env{db: db, svc: svc, site: site}
}

// openSurvey creates, fills and opens a survey from d (times are set to open now).
func (e *env) openSurvey(t *testing.T, d survey.Definition, list ...survey.ListRow) *survey.Survey {
	t.Helper()
	ctx := context.Background()
	d.OpensAt, d.ClosesAt = time.Now().Add(-time.Minute), time.Now().Add(time.Hour)
	s, err := e.svc.Create(ctx, operator, sitecore.Actor{}, e.site.ID, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) > 0 {
		if _, err := e.svc.SetAudience(ctx, operator, sitecore.Actor{}, e.site.ID, s.ID, list); err != nil {
			t.Fatal(err)
		}
	}
	s, err = e.svc.Schedule(ctx, operator, sitecore.Actor{}, e.site.ID, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != survey.StatusOpen {
		t.Fatalf("status %s after scheduling", s.Status)
	}
	return s
}
