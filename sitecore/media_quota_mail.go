package sitecore

import (
	"strconv"

	"github.com/mektep/mektep/sitecore/locale"
)

// QuotaWarningEmail tells the owner name at address to, in lang, that the site siteName has
// reached mark percent of its quota q. key deduplicates it (one email per mark and re-arming).
func QuotaWarningEmail(key string, lang Lang, to, name, siteName, siteURL string, mark int, q Quota) *Email {
	t := locale.QuotaWarningMail(lang)
	return buildAccountEmail(key, lang, to, name, t.Subject, t.Body,
		mailVar{Name: "site", Value: siteName},
		mailVar{Name: "percent", Value: strconv.Itoa(mark)},
		mailVar{Name: "used", Value: MiB(q.UsedBytes)},
		mailVar{Name: "limit", Value: MiB(q.LimitBytes)},
		mailVar{Name: "left", Value: MiB(max(q.LeftBytes, 0))},
		mailVar{Name: "url", Value: siteURL, Link: true})
}
