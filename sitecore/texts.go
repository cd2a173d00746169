package sitecore

import "github.com/mektep/mektep/sitecore/locale"

// Message returns the message for key in lang with placeholders filled from args. The texts
// live in package locale; this is the domain's name for them.
func Message(lang Lang, key string, args map[string]string) string {
	return locale.Message(lang, key, args)
}

// HasMessage reports whether key has a message in lang; tests use it to keep the catalog
// complete.
func HasMessage(lang Lang, key string) bool { return locale.HasMessage(lang, key) }

// MessageKeys returns every key of the catalog.
func MessageKeys() []string { return locale.MessageKeys() }
