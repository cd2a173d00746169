package locale

// panelDesk are the strings of the panel's dashboard, people and admissions desk.
var panelDesk = Strings{
	Kazakh: {
		"dash.title": "Басты бет", "dash.admissions": "Қабылдау", "dash.to_review": "өтініш қарауды күтуде",
		"dash.documents": "Құжаттарын тексеру керек", "dash.comments": "Пікірлер", "dash.to_moderate": "пікір модерацияны күтуде",
		"dash.tickets": "Жауабыңызды күтетін өтініштер", "dash.no_tickets": "Жауап күтетін өтініш жоқ.",
		"dash.quota": "Диск көлемі", "dash.quota_70": "Диск көлемінің 70 %-дан астамы пайдаланылды.",
		"dash.quota_90":  "Диск көлемінің 90 %-дан астамы пайдаланылды: ескі файлдарды жойыңыз немесе көлемді ұлғайтуды сұраңыз.",
		"dash.scheduled": "Жоспарланған жарияланымдар", "dash.none_scheduled": "Жоспарланған жарияланым жоқ.",
	},
	Russian: {
		"dash.title": "Главная", "dash.admissions": "Приём", "dash.to_review": "заявлений ждут рассмотрения",
		"dash.documents": "Нужно проверить документы", "dash.comments": "Комментарии", "dash.to_moderate": "комментариев ждут модерации",
		"dash.tickets": "Обращения ждут вашего ответа", "dash.no_tickets": "Нет обращений, ждущих ответа.",
		"dash.quota": "Место на диске", "dash.quota_70": "Использовано более 70 % места на диске.",
		"dash.quota_90":  "Использовано более 90 % места на диске: удалите старые файлы или попросите увеличить место.",
		"dash.scheduled": "Запланированные публикации", "dash.none_scheduled": "Нет запланированных публикаций.",
	},
	English: {
		"dash.title": "Overview", "dash.admissions": "Admissions", "dash.to_review": "applications to review",
		"dash.documents": "Documents to check", "dash.comments": "Comments", "dash.to_moderate": "comments to moderate",
		"dash.tickets": "Tickets waiting for your answer", "dash.no_tickets": "No ticket waits for your answer.",
		"dash.quota": "Disk space", "dash.quota_70": "More than 70 % of the disk space is used.",
		"dash.quota_90":  "More than 90 % of the disk space is used: delete old files or ask for more space.",
		"dash.scheduled": "Scheduled publications", "dash.none_scheduled": "Nothing is scheduled.",
	},
}
