package websub_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/syndication/websub"
)

func TestPing(t *testing.T) {
	var got []string
	status := http.StatusNoContent
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.PostForm.Get("hub.mode") == "publish" {
			got = append(got, r.PostForm.Get("hub.url"))
		}
		w.WriteHeader(status)
	}))
	defer hub.Close()
	p := &websub.Pinger{Hub: hub.URL}
	it := &syndication.Item{Op: syndication.OpCreate, ExternalID: "mektep:1:n:1", Topic: "https://s.kz/kk/feed.atom"}
	id, err := p.Deliver(context.Background(), it)
	if err != nil || id != it.ExternalID || len(got) != 1 || got[0] != it.Topic {
		t.Fatalf("ping = %q, %v; hub got %v", id, err, got)
	}
	status = http.StatusBadGateway
	if _, err := p.Deliver(context.Background(), it); err == nil {
		t.Error("a 502 succeeded")
	} else if k, _ := syndication.Classify(err); k != syndication.FailRetryable {
		t.Errorf("502 classified %v", k)
	}
	if _, err := p.Deliver(context.Background(), &syndication.Item{}); err == nil {
		t.Error("a ping without a feed succeeded")
	}
}
