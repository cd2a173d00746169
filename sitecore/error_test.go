package sitecore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"testing"
)

func TestErrorCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"plain error", errors.New("boom"), EInternal},
		{"context canceled", context.Canceled, EInternal},
		{"*Error", Invalid("slug", "slug.invalid"), EInvalid},
		{"wrapped *Error", fmt.Errorf("create: %w", NotFound("site")), ENotFound},
		{"twice wrapped *Error", fmt.Errorf("b: %w", fmt.Errorf("a: %w", Conflictf("slug", "slug.taken"))), EConflict},
		{"joined *Error", errors.Join(errors.New("other"), Errorf(EForbidden, "forbidden")), EForbidden},
		{"outermost *Error wins", &Error{Code: EUnavailable, Err: Invalid("x", "y")}, EUnavailable},
		{"Internal", Internal("op", errors.New("boom")), EInternal},
		{"Unavailable", Unavailable("op", "postgresql", errors.New("refused")), EUnavailable},
		{"WithOp of *Error", WithOp("op", Errorf(ETooLarge, "body.too_large")), ETooLarge},
		{"WithOp of plain error", WithOp("op", errors.New("boom")), EInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.want {
				t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestWithOp(t *testing.T) {
	orig := Invalid("slug", "slug.invalid", "value", "Bad!")
	err := WithOp("CreateSite", orig)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("WithOp returned %T, want *Error", err)
	}
	if e.Op != "CreateSite" {
		t.Errorf("Op = %q, want CreateSite", e.Op)
	}
	if e.Code != EInvalid || e.Field != "slug" || e.Key != "slug.invalid" || e.Args["value"] != "Bad!" {
		t.Errorf("WithOp lost details: %+v", e)
	}
	if orig.Op != "" {
		t.Errorf("WithOp changed the original error: Op = %q", orig.Op)
	}
	if e == orig {
		t.Error("WithOp returned the original pointer, want a copy")
	}

	// An Op already set is the more precise one and is kept.
	inner := WithOp("FindSiteByID", NotFound("site"))
	outer := WithOp("SetSiteStep", inner)
	if got := AsError(outer).Op; got != "FindSiteByID" {
		t.Errorf("Op after two WithOp = %q, want FindSiteByID", got)
	}

	// A wrapped *Error is found in the chain.
	wrapped := WithOp("op", fmt.Errorf("ctx: %w", Conflictf("domains[0]", "domain.taken")))
	if e := AsError(wrapped); e.Op != "op" || e.Code != EConflict || e.Field != "domains[0]" {
		t.Errorf("WithOp of a wrapped *Error = %+v", e)
	}

	// A plain error keeps its identity and gains the op as a prefix.
	cause := errors.New("connection refused")
	plain := WithOp("Ping", cause)
	if !errors.Is(plain, cause) {
		t.Error("WithOp of a plain error does not wrap it")
	}
	if got := plain.Error(); got != "Ping: connection refused" {
		t.Errorf("Error() = %q", got)
	}
}

func TestAsError(t *testing.T) {
	cause := errors.New("disk on fire")
	e := AsError(cause)
	if e.Code != EInternal || e.Key != "internal" || !errors.Is(e, cause) {
		t.Errorf("AsError(plain) = %+v, want internal wrapping the cause", e)
	}
	if e.Field != "" || e.Args != nil {
		t.Errorf("AsError(plain) has client details: %+v", e)
	}

	de := Invalid("slug", "slug.invalid")
	if got := AsError(de); got != de {
		t.Errorf("AsError(*Error) = %p, want the same pointer %p", got, de)
	}
	if got := AsError(fmt.Errorf("wrap: %w", de)); got != de {
		t.Errorf("AsError(wrapped *Error) = %+v, want the inner error", got)
	}
}

func TestErrorString(t *testing.T) {
	cause := errors.New("duplicate key")
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"code only", &Error{Code: EInternal}, "internal"},
		{"all parts", &Error{Code: EConflict, Key: "slug.taken", Field: "slug", Op: "CreateSite", Err: cause},
			"CreateSite: conflict (slug.taken) field=slug: duplicate key"},
		{"op and cause", Internal("Migrate", cause), "Migrate: internal (internal): duplicate key"},
		{"key and field", Invalid("domains[2]", "domain.invalid"), "invalid (domain.invalid) field=domains[2]"},
		{"not found", NotFound("page"), "not_found (not_found.page)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestConstructors(t *testing.T) {
	tests := []struct {
		name             string
		err              *Error
		code, field, key string
		args             map[string]string
	}{
		{"Errorf without args", Errorf(EUnauthorized, "unauthorized"), EUnauthorized, "", "unauthorized", nil},
		{"Errorf with pairs", Errorf(EInvalid, "field.type", "field", "names", "want", "object"), EInvalid, "", "field.type",
			map[string]string{"field": "names", "want": "object"}},
		{"Errorf drops an odd last arg", Errorf(EInvalid, "k", "a", "1", "b"), EInvalid, "", "k", map[string]string{"a": "1"}},
		{"Invalid", Invalid("slug", "slug.invalid", "value", "x"), EInvalid, "slug", "slug.invalid", map[string]string{"value": "x"}},
		{"Conflictf", Conflictf("domains[1]", "domain.taken", "value", "a.kz"), EConflict, "domains[1]", "domain.taken", map[string]string{"value": "a.kz"}},
		{"NotFound", NotFound("site"), ENotFound, "", "not_found.site", nil},
		{"Unavailable", Unavailable("op", "temporal", nil), EUnavailable, "", "unavailable", map[string]string{"dependency": "temporal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.err
			if e.Code != tt.code || e.Field != tt.field || e.Key != tt.key {
				t.Errorf("got code %q field %q key %q, want %q %q %q", e.Code, e.Field, e.Key, tt.code, tt.field, tt.key)
			}
			if !maps.Equal(e.Args, tt.args) {
				t.Errorf("Args = %v, want %v", e.Args, tt.args)
			}
		})
	}
}
