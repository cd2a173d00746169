package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// TestSurveyWorkflowRefusalsOverHTTP checks that the survey workflow's refusals reach the
// HTTP client as the services' errors: a 409 naming the field, in the caller's language.
// Closing a survey that has not opened is refused by the workflow's validator; closing it
// once cancelled is refused too (its workflow has ended).
func TestSurveyWorkflowRefusalsOverHTTP(t *testing.T) {
	s := startStack(t, stackOptions{})
	site := provisionTenantNoWorker(t, s, "school-svrefuse")
	op := []string{"Authorization", "Bearer " + s.Token}
	_, path := createSurvey(t, s, site, surveyDef(survey.Named, map[string]any{"kind": "any"},
		time.Now().Add(time.Hour), time.Now().Add(2*time.Hour), false), op...)
	if r := s.operator("POST", path+"/schedule", nil); r.Status != 200 {
		t.Fatalf("schedule: %d %s", r.Status, r.Body)
	}
	// Until its workflow has loaded the survey, an update is refused as starting (409 too).
	var r response
	testenv.Eventually(t, time.Minute, "the survey's workflow loaded", func() bool {
		r = s.operator("POST", path+"/close", nil, "Accept-Language", "en")
		_, _, msg := r.Error(t)
		return r.Status != 409 || msg != "The survey is still starting. Try again in a few seconds."
	})
	if code, field, msg := r.Error(t); r.Status != 409 || code != sitecore.EConflict || field != "status" ||
		msg != "The survey is “scheduled” now; this is not possible." {
		t.Errorf("closing a survey that has not opened: %d %s", r.Status, r.Body)
	}
	r = s.operator("POST", path+"/close", nil, "Accept-Language", "ru")
	if _, field, msg := r.Error(t); r.Status != 409 || field != "status" || !strings.HasPrefix(msg, "Опрос сейчас в статусе") {
		t.Errorf("the same in Russian: %d %s", r.Status, r.Body)
	}
	if r := s.operator("POST", path+"/cancel", nil); r.Status != 200 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, time.Minute, "the cancelled survey's workflow ends", func() bool {
		r := s.operator("POST", path+"/close", nil, "Accept-Language", "kk")
		code, field, msg := r.Error(t)
		return r.Status == 409 && code == sitecore.EConflict && field == "status" && strings.HasPrefix(msg, "Сауалнама қазір")
	})
}
