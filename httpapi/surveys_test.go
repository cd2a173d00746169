package httpapi_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/mektep/mektep/httpapi"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/blindrsa"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/survey"
	"github.com/mektep/mektep/sitecore/survey/surveytest"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// opener stands in for the survey workflow: scheduling opens the survey at once.
type opener struct{ db *postgres.DB }

func (o opener) Start(ctx context.Context, siteID, surveyID int64) error {
	_, err := o.db.SetStatus(ctx, siteID, surveyID, survey.StatusOpen, []survey.Status{survey.StatusScheduled}, nil)
	return err
}
func (opener) Cancel(context.Context, int64, int64, int64) error            { return nil }
func (opener) Extend(context.Context, int64, int64, int64, time.Time) error { return nil }
func (opener) Close(context.Context, int64, int64, int64) error             { return nil }

// TestSurveyHTTP runs an anonymous signed vote through the JSON API: the author creates it,
// uploads the IIN list and schedules it; a participant starts, gets the bytes to sign, proves
// eligibility, and sends the ballot without any credentials; the receipt checks; a second
// ballot with the token is a 409; the author reads results and exports them.
func TestSurveyHTTP(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	site, err := sitecore.NewSite{Slug: "school-5", Names: map[string]string{"kk": "№5 мектеп", "ru": "Школа №5"},
		Domains: []string{"school5.kz"}, Languages: []string{"kk", "ru"}, OwnerEmail: "owner@school5.kz"}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	srv := &httpapi.Server{Sites: db, BootstrapToken: "boot", Log: testenv.Logger(t),
		Surveys: &survey.Service{Store: db, Sites: db, Verifier: surveytest.Verifier{},
			Hasher: survey.HMACHasher{Key: bytes.Repeat([]byte{5}, 32)}, Sealer: survey.AESSealer{Key: bytes.Repeat([]byte{6}, 32)},
			Workflows: opener{db}}}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	base := ts.URL + "/api/v1/sites/" + strconv.FormatInt(site.ID, 10) + "/surveys"

	call := func(method, url, token string, in any, want int, out any) {
		t.Helper()
		var body io.Reader
		if in != nil {
			b, _ := json.Marshal(in)
			body = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, url, body)
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d %s, want %d", method, url, res.StatusCode, data, want)
		}
		if out != nil {
			if err := json.Unmarshal(data, out); err != nil {
				t.Fatalf("%s: %v", data, err)
			}
		}
	}

	def := map[string]any{
		"kind": "vote", "mode": "anonymous", "signature_required": true, "audience": map[string]any{"kind": "iin_list"},
		"title":     map[string]string{"kk": "Форма", "ru": "Форма"},
		"questions": []any{map[string]any{"id": "q", "kind": "single", "required": true, "text": map[string]string{"kk": "Иә ме?", "ru": "Да?"}, "options": []any{map[string]any{"id": "yes", "text": map[string]string{"kk": "Иә", "ru": "Да"}}, map[string]any{"id": "no", "text": map[string]string{"kk": "Жоқ", "ru": "Нет"}}}}},
		"opens_at":  time.Now().Add(-time.Minute), "closes_at": time.Now().Add(time.Hour),
	}
	var created struct{ Survey survey.Survey }
	call("POST", base, "boot", def, http.StatusCreated, &created)
	sv := base + "/" + strconv.FormatInt(created.Survey.ID, 10)
	call("POST", base, "", def, http.StatusNotFound, nil) // an anonymous visitor does not know the site's panel
	call("PUT", sv+"/audience", "boot", map[string]any{"rows": []any{map[string]string{"iin": "990106300596"}}}, http.StatusOK, nil)
	call("POST", sv+"/schedule", "boot", nil, http.StatusOK, nil)

	var st survey.Start
	call("POST", sv+"/start", "", nil, http.StatusOK, &st)
	pk, err := blindrsa.ParsePublicKey(st.PublicKey)
	if err != nil || st.Suite != "RSABSSA-SHA384-PSS-Randomized" {
		t.Fatalf("start %+v: %v", st, err)
	}
	v := blindrsa.SHA384PSSRandomized
	msg := make([]byte, 32)
	_, _ = rand.Read(msg)
	token, _ := v.Prepare(rand.Reader, msg)
	blinded, inv, err := v.Blind(rand.Reader, pk, token)
	if err != nil {
		t.Fatal(err)
	}
	var prep survey.Prepared
	call("POST", sv+"/prepare", "", map[string]any{"nonce": st.Nonce, "blinded_token": blinded}, http.StatusOK, &prep)
	var el survey.Eligibility
	call("POST", sv+"/eligibility", "", map[string]any{"nonce": st.Nonce, "blinded_token": blinded,
		"cms": surveytest.CMS("990106300596", "Асанов Асан", prep.Content)}, http.StatusOK, &el)
	sig, err := v.Finalize(pk, token, el.BlindSignature, inv)
	if err != nil {
		t.Fatal(err)
	}
	ballot := map[string]any{"token": token, "signature": sig, "ballot": map[string]any{"answers": map[string]any{"q": map[string]string{"choice": "yes"}}}}
	var rc survey.Receipt
	call("POST", sv+"/anonymous-ballots", "", ballot, http.StatusCreated, &rc)
	call("POST", sv+"/anonymous-ballots", "", ballot, http.StatusConflict, nil)
	var counted struct{ Counted bool }
	call("GET", sv+"/receipts/"+rc.Code, "", nil, http.StatusOK, &counted)
	if !counted.Counted {
		t.Error("receipt not counted")
	}
	call("GET", sv+"/results", "", nil, http.StatusForbidden, nil) // hidden until closing
	var res struct{ Results survey.Results }
	call("GET", sv+"/results", "boot", nil, http.StatusOK, &res)
	if res.Results.Ballots != 1 || res.Results.Questions[0].Options[0].Count != 1 {
		t.Errorf("results %+v", res.Results)
	}
	req, _ := http.NewRequest("GET", sv+"/results.xlsx", nil)
	req.Header.Set("Authorization", "Bearer boot")
	xr, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	xb, _ := io.ReadAll(xr.Body)
	xr.Body.Close()
	if xr.StatusCode != 200 || !bytes.HasPrefix(xb, []byte("PK")) {
		t.Errorf("results.xlsx: %d, %d bytes", xr.StatusCode, len(xb))
	}
}
