package sitecore

import "strconv"

// quotaWarningMail warns a site's owner that its storage is filling up.
var quotaWarningMail = map[Lang]accountMail{
	Kazakh: {Subject: "«{site}» сайтының дискідегі орны {percent}% толды",
		Body: "«{site}» мектеп сайты дискідегі орынның {percent}%-ын пайдаланып отыр: {used} МБ / {limit} МБ, {left} МБ қалды.\n\nОрын таусылғанда жаңа файлдар мен құжаттар қабылданбайды. Медиатекадан қажетсіз файлдарды өшіріңіз немесе платформа операторына хабарласыңыз.\n{url}"},
	Russian: {Subject: "Место на диске сайта «{site}» заполнено на {percent}%",
		Body: "Сайт школы «{site}» использует {percent}% места на диске: {used} МБ из {limit} МБ, осталось {left} МБ.\n\nКогда место закончится, новые файлы и документы перестанут приниматься. Удалите ненужные файлы из медиатеки или обратитесь к оператору платформы.\n{url}"},
	English: {Subject: "The storage of {site} is {percent}% full",
		Body: "The school website {site} uses {percent}% of its storage: {used} MB of {limit} MB, {left} MB left.\n\nWhen it runs out, new files and documents will be refused. Delete files you no longer need from the media library, or contact the platform's operators.\n{url}"},
}

// QuotaWarningEmail tells the owner name at address to, in lang, that the site siteName has
// reached mark percent of its quota q. key deduplicates it (one email per mark and re-arming).
func QuotaWarningEmail(key string, lang Lang, to, name, siteName, siteURL string, mark int, q Quota) *Email {
	t := quotaWarningMail[accountMailLang(lang)]
	return buildAccountEmail(key, lang, to, name, t.Subject, t.Body,
		mailVar{Name: "site", Value: siteName},
		mailVar{Name: "percent", Value: strconv.Itoa(mark)},
		mailVar{Name: "used", Value: MiB(q.UsedBytes)},
		mailVar{Name: "limit", Value: MiB(q.LimitBytes)},
		mailVar{Name: "left", Value: MiB(max(q.LeftBytes, 0))},
		mailVar{Name: "url", Value: siteURL, Link: true})
}
