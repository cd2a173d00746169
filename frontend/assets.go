// Package frontend embeds the browser assets of Mektep's server-rendered pages: the control
// panel's editor and drag-and-drop, the survey page's signing code, the API reference, and
// axe-core for the browser tests. They come from npm at build time (`make assets`: npm ci from
// package-lock.json, then esbuild) into dist/, with content-hashed names and a manifest; the
// pages link them by logical name through Path, so a new build never serves a stale file.
package frontend

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
)

//go:embed all:dist
var dist embed.FS

// Prefix is where Handler serves the assets.
const Prefix = "/assets/"

var manifest = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	if data, err := dist.ReadFile("dist/manifest.json"); err == nil {
		_ = json.Unmarshal(data, &m)
	}
	return m
})

// Path is the URL of the asset with the logical name (e.g. "panel.js"), or "" when the
// build did not produce it (a binary built without `make assets`).
func Path(name string) string {
	if f, ok := manifest()[name]; ok {
		return Prefix + f
	}
	return ""
}

// Built reports whether the assets were built into this binary.
func Built() bool { return len(manifest()) > 0 }

// Read returns the bytes of the asset with the logical name (tests inject axe-core with it).
func Read(name string) ([]byte, error) {
	f, ok := manifest()[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return dist.ReadFile("dist/" + f)
}

// Handler serves the assets under Prefix. Names carry their content hash, so they are cached
// for a year; a gzip copy is sent to clients that accept it.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, Prefix)
		if name == "" || strings.Contains(name, "/") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".gz") || name == "manifest.json" {
			http.NotFound(w, r)
			return
		}
		data, err := dist.ReadFile("dist/" + name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		switch path.Ext(name) {
		case ".js":
			h.Set("Content-Type", "text/javascript; charset=utf-8")
		case ".css":
			h.Set("Content-Type", "text/css; charset=utf-8")
		case ".txt":
			h.Set("Content-Type", "text/plain; charset=utf-8")
		default:
			h.Set("Content-Type", "application/octet-stream")
		}
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Add("Vary", "Accept-Encoding")
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			if gz, err := dist.ReadFile("dist/" + name + ".gz"); err == nil {
				h.Set("Content-Encoding", "gzip")
				data = gz
			}
		}
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(data)
	})
}
