package events

import (
	"strconv"

	"github.com/mektep/mektep/sitecore"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ip(a sitecore.Actor) string {
	if a.IP.IsValid() {
		return a.IP.String()
	}
	return ""
}
