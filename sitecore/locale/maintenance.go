package locale

// maintenanceMessages are the error messages of maintenance notices.
var maintenanceMessages = Catalog{
	"maintenance.too_soon": {
		Kazakh:  "«{field}»: жоспарлы жұмыстар туралы кемінде {hours} сағат бұрын хабарлау керек. Ертерек бастау үшін оны шұғыл деп белгілеп, себебін жазыңыз.",
		Russian: "«{field}»: о плановых работах нужно предупредить не менее чем за {hours} часа. Чтобы начать раньше, отметьте работы как срочные и укажите причину.",
		English: "“{field}”: planned maintenance must be announced at least {hours} hours ahead. To start sooner, mark it as an emergency and give the reason.",
	},
	"maintenance.in_past": {
		Kazakh:  "«{field}» өткен уақыт болмауы керек.",
		Russian: "«{field}» не может быть в прошлом.",
		English: "“{field}” cannot be in the past.",
	},
	"maintenance.reason_required": {
		Kazakh:  "Шұғыл жұмыстардың себебін «{field}» өрісіне жазыңыз: ол аудит журналына жазылады.",
		Russian: "Укажите причину срочных работ в поле «{field}»: она записывается в журнал аудита.",
		English: "Give the reason for the emergency in “{field}”: it goes into the audit log.",
	},
	"maintenance.duration": {
		Kazakh:  "«{field}» 1-ден {max} минутқа дейін болуы керек.",
		Russian: "«{field}» должно быть от 1 до {max} минут.",
		English: "“{field}” must be from 1 to {max} minutes.",
	},
	"maintenance.scope": {
		Kazakh:  "«{field}» өрісі all, org_unit немесе sites болуы керек.",
		Russian: "Поле «{field}» должно быть all, org_unit или sites.",
		English: "“{field}” must be all, org_unit or sites.",
	},
	"maintenance.too_many_sites": {
		Kazakh:  "«{field}» тізімінде ең көбі {max} сайт болады.",
		Russian: "В списке «{field}» не больше {max} сайтов.",
		English: "“{field}” lists at most {max} sites.",
	},
	"maintenance.unknown_site": {
		Kazakh:  "«{field}» тізіміндегі {value} сайты табылмады.",
		Russian: "Сайт {value} из списка «{field}» не найден.",
		English: "The site {value} in “{field}” does not exist.",
	},
	"maintenance.unknown_org_unit": {
		Kazakh:  "«{field}» ұйымдық бірлігі табылмады.",
		Russian: "Организационная единица «{field}» не найдена.",
		English: "The org unit “{field}” does not exist.",
	},
	"maintenance.no_sites": {
		Kazakh:  "«{field}» бойынша бірде-бір сайт табылмады: хабарлама ешкімге жетпейді.",
		Russian: "По «{field}» не найдено ни одного сайта: уведомление никому не придёт.",
		English: "“{field}” selects no site: the notice would reach nobody.",
	},
	"maintenance.not_scheduled": {
		Kazakh:  "Жұмыстардың күйі «{status}»: оларды енді өзгертуге болмайды.",
		Russian: "Работы в состоянии «{status}»: их уже нельзя изменить.",
		English: "The maintenance is “{status}”: it can no longer be changed.",
	},
	"maintenance.not_later": {
		Kazakh:  "«{field}» бұрынғы басталу уақытынан кейін болуы керек (шегеру).",
		Russian: "«{field}» должно быть позже прежнего начала (перенос).",
		English: "“{field}” must be later than the current start (a postponement).",
	},
	"not_found.maintenance": {
		Kazakh:  "Мұндай жұмыстар туралы хабарлама жоқ.",
		Russian: "Такого уведомления о работах нет.",
		English: "No such maintenance notice.",
	},
}

// maintenanceMail are the emails to the admins of the affected sites, per kind; {start},
// {end} and {message} are filled in.
var maintenanceMail = map[string]map[Lang]Mail{
	"notice": {
		Kazakh: {Subject: "Mektep платформасында техникалық жұмыстар: {start}",
			Body: "Сіз басқаратын мектеп сайтында техникалық жұмыстар жоспарланған: {start} – {end}. Бұл уақытта сайт пен басқару панелі қолжетімсіз болуы мүмкін.\n\n{message}"},
		Russian: {Subject: "Технические работы на платформе Mektep: {start}",
			Body: "На сайте школы, которым вы управляете, запланированы технические работы: {start} – {end}. В это время сайт и панель управления могут быть недоступны.\n\n{message}"},
		English: {Subject: "Maintenance of the Mektep platform: {start}",
			Body: "Maintenance is planned on the school website you run: {start} – {end}. The site and its control panel may be unavailable during that time.\n\n{message}"},
	},
	"reminder": {
		Kazakh: {Subject: "Еске салу: техникалық жұмыстар бір сағаттан кейін басталады ({start})",
			Body: "Еске саламыз: техникалық жұмыстар {start} басталып, {end} дейін жалғасады. Сақталмаған өзгерістерді алдын ала сақтаңыз.\n\n{message}"},
		Russian: {Subject: "Напоминание: технические работы начнутся через час ({start})",
			Body: "Напоминаем: технические работы начнутся {start} и продлятся до {end}. Сохраните незаконченные изменения заранее.\n\n{message}"},
		English: {Subject: "Reminder: maintenance starts in an hour ({start})",
			Body: "A reminder: maintenance starts at {start} and lasts until {end}. Save unfinished changes beforehand.\n\n{message}"},
	},
	"postponed": {
		Kazakh: {Subject: "Техникалық жұмыстар шегерілді: {start}",
			Body: "Техникалық жұмыстар басқа уақытқа ауыстырылды: енді {start} – {end}. Бұрынғы уақыт күшін жойды.\n\n{message}"},
		Russian: {Subject: "Технические работы перенесены: {start}",
			Body: "Технические работы перенесены: теперь {start} – {end}. Прежнее время отменено.\n\n{message}"},
		English: {Subject: "Maintenance postponed: {start}",
			Body: "The maintenance has been moved: it is now {start} – {end}. The earlier time no longer applies.\n\n{message}"},
	},
	"cancelled": {
		Kazakh: {Subject: "Техникалық жұмыстар болмайды",
			Body: "{start} жоспарланған техникалық жұмыстардың күші жойылды. Сайт әдеттегідей жұмыс істейді."},
		Russian: {Subject: "Технические работы отменены",
			Body: "Технические работы, запланированные на {start}, отменены. Сайт работает как обычно."},
		English: {Subject: "Maintenance cancelled",
			Body: "The maintenance planned for {start} has been cancelled. The site works as usual."},
	},
}

// maintenanceBanner are the banner's lead-ins shown on public pages and panels of affected
// sites before the operator's message: {start} and {end}.
var maintenanceBanner = map[string]map[Lang]string{
	"scheduled": {
		Kazakh:  "Техникалық жұмыстар: {start} – {end}.",
		Russian: "Технические работы: {start} – {end}.",
		English: "Maintenance: {start} – {end}.",
	},
	"in_progress": {
		Kazakh:  "Қазір техникалық жұмыстар жүріп жатыр ({end} дейін).",
		Russian: "Идут технические работы (до {end}).",
		English: "Maintenance in progress (until {end}).",
	},
}

// MaintenanceMail returns the maintenance email of kind (notice, reminder, postponed,
// cancelled) in l.
func MaintenanceMail(kind string, l Lang) Mail { return maintenanceMail[kind][l.Text()] }

// MaintenanceBanner returns the banner's lead-in for a notice in status (scheduled,
// in_progress) in l, "" for another status.
func MaintenanceBanner(status string, l Lang) string { return maintenanceBanner[status][l.Text()] }
