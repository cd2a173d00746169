package sitecore

// admissionMessages are the messages of the admissions office; they join the catalog at
// start-up.
var admissionMessages = map[string]map[Lang]string{
	"admission.duplicate": {
		Kazakh:  "Бұл балаға осы науқанда өтініш бұрыннан берілген (№{number}).",
		Russian: "На этого ребёнка в этой кампании уже подано заявление (№{number}).",
		English: "An application for this child in this campaign already exists (No. {number}).",
	},
	"admission.state": {
		Kazakh:  "Өтініш қазір «{value}» күйінде, бұл әрекетті орындауға болмайды.",
		Russian: "Заявление сейчас в статусе «{value}», это действие невозможно.",
		English: "The application is “{value}” now; this is not possible.",
	},
	"admission.no_seats": {
		Kazakh:  "{value}-сыныпта бос орын жоқ.",
		Russian: "В {value} классе нет свободных мест.",
		English: "Grade {value} has no free seats.",
	},
	"admission.starting": {
		Kazakh:  "Өтініш әлі тіркеліп жатыр. Бірнеше секундтан кейін қайталаңыз.",
		Russian: "Заявление ещё регистрируется. Повторите через несколько секунд.",
		English: "The application is still being registered. Try again in a few seconds.",
	},
	"admission.position": {
		Kazakh:  "Күту тізіміндегі орын оң сан болуы керек.",
		Russian: "Позиция в листе ожидания должна быть положительным числом.",
		English: "The waiting-list position must be a positive number.",
	},
	"admission.reason": {
		Kazakh:  "Бас тарту себебін тізімнен таңдаңыз: no_seats, documents, age, district, other, disputed.",
		Russian: "Выберите причину отказа из списка: no_seats, documents, age, district, other, disputed.",
		English: "Choose a decline reason from the list: no_seats, documents, age, district, other, disputed.",
	},
	"admission.decision": {
		Kazakh:  "«{value}» шешімі жоқ (admit, waitlist, decline).",
		Russian: "Решения «{value}» не существует (admit, waitlist, decline).",
		English: "There is no decision “{value}” (admit, waitlist, decline).",
	},
	"admission.closed": {
		Kazakh:  "Бұл қабылдау науқаны қазір өтініш қабылдамайды.",
		Russian: "Эта приёмная кампания сейчас не принимает заявления.",
		English: "This admission campaign is not accepting applications now.",
	},
	"admission.campaign_unknown": {
		Kazakh:  "Мұндай қабылдау науқаны жоқ.",
		Russian: "Такой приёмной кампании нет.",
		English: "There is no such admission campaign.",
	},
	"admission.birth_date_format": {
		Kazakh:  "Туған күнді ЖЖЖЖ-АА-КК түрінде жазыңыз.",
		Russian: "Укажите дату рождения в формате ГГГГ-ММ-ДД.",
		English: "Write the birth date as YYYY-MM-DD.",
	},
	"admission.birth_date_iin": {
		Kazakh:  "Туған күн ЖСН-мен сәйкес келмейді.",
		Russian: "Дата рождения не совпадает с ИИН.",
		English: "The birth date does not match the IIN.",
	},
	"admission.grade_not_offered": {
		Kazakh:  "Бұл науқанда {value}-сыныпқа қабылдау жоқ.",
		Russian: "В этой кампании нет приёма в {value} класс.",
		English: "This campaign does not admit to grade {value}.",
	},
	"admission.phone": {
		Kazakh:  "«{value}» телефон нөмірі жарамсыз (мысалы, +7 701 123 45 67).",
		Russian: "Номер телефона «{value}» некорректен (например, +7 701 123 45 67).",
		English: "The phone number “{value}” is not valid (e.g. +7 701 123 45 67).",
	},
	"admission.consent": {
		Kazakh:  "Дербес деректерді өңдеуге келісім қажет.",
		Russian: "Нужно согласие на обработку персональных данных.",
		English: "Consent to personal-data processing is required.",
	},
	"admission.grade_range": {
		Kazakh:  "Сынып 0-ден 12-ге дейін болуы керек.",
		Russian: "Класс должен быть от 0 до 12.",
		English: "The grade must be from 0 to 12.",
	},
	"admission.seats_range": {
		Kazakh:  "Орын саны 1-ден 10 000-ға дейін болуы керек.",
		Russian: "Число мест должно быть от 1 до 10 000.",
		English: "The number of seats must be from 1 to 10,000.",
	},
	"admission.grade_duplicate": {
		Kazakh:  "{value}-сынып екі рет көрсетілген.",
		Russian: "{value} класс указан дважды.",
		English: "Grade {value} is listed twice.",
	},
	"admission.closes_before_opens": {
		Kazakh:  "Жабылу уақыты ашылу уақытынан кейін болуы керек.",
		Russian: "Время закрытия должно быть позже времени открытия.",
		English: "The closing time must be after the opening time.",
	},
	"admission.results_before_close": {
		Kazakh:  "Нәтижелер науқан жабылғаннан кейін жариялануы керек.",
		Russian: "Результаты объявляются не раньше закрытия кампании.",
		English: "Results cannot be released before the campaign closes.",
	},
	"admission.days_range": {
		Kazakh:  "Күн саны рұқсат етілген шектен тыс.",
		Russian: "Число дней вне допустимого диапазона.",
		English: "The number of days is out of range.",
	},
	"admission.file_type": {
		Kazakh:  "Құжат PDF, JPEG немесе PNG болуы керек (файлдың мазмұны тексеріледі).",
		Russian: "Документ должен быть в формате PDF, JPEG или PNG (проверяется содержимое файла).",
		English: "The document must be a PDF, JPEG or PNG (the file's content is checked).",
	},
	"admission.document_kind": {
		Kazakh:  "Бұл науқанда «{value}» құжаты талап етілмейді.",
		Russian: "Документ «{value}» в этой кампании не требуется.",
		English: "The document “{value}” is not required in this campaign.",
	},
	"admission.export_not_ready": {
		Kazakh:  "Экспорт әлі дайын емес (күйі: {value}).",
		Russian: "Выгрузка ещё не готова (статус: {value}).",
		English: "The export is not ready yet (status: {value}).",
	},
	"not_found.export": {
		Kazakh:  "Экспорт табылмады.",
		Russian: "Выгрузка не найдена.",
		English: "Export not found.",
	},
	"not_found.document": {
		Kazakh:  "Құжат табылмады.",
		Russian: "Документ не найден.",
		English: "Document not found.",
	},
	"not_found.application": {
		Kazakh:  "Өтініш табылмады.",
		Russian: "Заявление не найдено.",
		English: "Application not found.",
	},
	"not_found.campaign": {
		Kazakh:  "Қабылдау науқаны табылмады.",
		Russian: "Приёмная кампания не найдена.",
		English: "Admission campaign not found.",
	},
}

func init() {
	for k, v := range admissionMessages {
		catalog[k] = v
	}
}
