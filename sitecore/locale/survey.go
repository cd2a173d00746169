package locale

// surveyMessages are the messages of surveys and votes; they join the catalog at start-up.
var surveyMessages = Catalog{
	"not_found.survey": {
		Kazakh:  "Сауалнама табылмады.",
		Russian: "Опрос не найден.",
		English: "Survey not found.",
	},
	"survey.kind": {
		Kazakh:  "«{value}» түрі жоқ. Таңдаңыз: survey (сауалнама), vote (дауыс беру) немесе poll (қарапайым сауалнама).",
		Russian: "Вида «{value}» нет. Выберите: survey (опрос), vote (голосование) или poll (простой опрос).",
		English: "There is no kind “{value}”. Choose survey, vote or poll.",
	},
	"survey.mode": {
		Kazakh:  "«{value}» режимі жоқ. Таңдаңыз: anonymous (жасырын) немесе named (атаулы).",
		Russian: "Режима «{value}» нет. Выберите: anonymous (анонимный) или named (именной).",
		English: "There is no mode “{value}”. Choose anonymous or named.",
	},
	"survey.audience": {
		Kazakh:  "«{value}» қатысушылар тобы жоқ. Таңдаңыз: any, parents, staff, org_unit, iin_list.",
		Russian: "Аудитории «{value}» нет. Выберите: any, parents, staff, org_unit, iin_list.",
		English: "There is no audience “{value}”. Choose any, parents, staff, org_unit or iin_list.",
	},
	"survey.lang": {
		Kazakh:  "«{value}» тілі сайттың тілдерінің қатарында жоқ.",
		Russian: "Языка «{value}» нет среди языков сайта.",
		English: "“{value}” is not one of the site's languages.",
	},
	"survey.text_missing": {
		Kazakh:  "Мәтін «{value}» тілінде берілмеген: сайттың әр тілінде жазыңыз.",
		Russian: "Нет текста на языке «{value}»: заполните его на каждом языке сайта.",
		English: "The text is missing in “{value}”: write it in every language of the site.",
	},
	"survey.questions": {
		Kazakh:  "Сауалнамада 1-ден {max}-ге дейін сұрақ болуы керек.",
		Russian: "В опросе должно быть от 1 до {max} вопросов.",
		English: "A survey has 1 to {max} questions.",
	},
	"survey.id": {
		Kazakh:  "«{value}» идентификаторы жарамсыз: 1–32 кіші латын әрпі, цифр, «_» немесе «-».",
		Russian: "Идентификатор «{value}» недопустим: 1–32 строчные латинские буквы, цифры, «_» или «-».",
		English: "The ID “{value}” is not valid: 1–32 lowercase Latin letters, digits, “_” or “-”.",
	},
	"survey.id_duplicate": {
		Kazakh:  "«{value}» идентификаторы екі рет қолданылған.",
		Russian: "Идентификатор «{value}» использован дважды.",
		English: "The ID “{value}” is used twice.",
	},
	"survey.question_kind": {
		Kazakh:  "«{value}» сұрақ түрі жоқ. Таңдаңыз: single, multiple, scale, text, matrix.",
		Russian: "Типа вопроса «{value}» нет. Выберите: single, multiple, scale, text, matrix.",
		English: "There is no question type “{value}”. Choose single, multiple, scale, text or matrix.",
	},
	"survey.options": {
		Kazakh:  "Мұнда {min}-ден {max}-ге дейін нұсқа болуы керек.",
		Russian: "Здесь должно быть от {min} до {max} вариантов.",
		English: "There must be {min} to {max} options here.",
	},
	"survey.min_max": {
		Kazakh:  "Таңдау шектері қате: ең азы ең көбінен аспауы, ең көбі 1-ден {max}-ге дейін болуы керек.",
		Russian: "Неверные границы выбора: минимум не больше максимума, максимум от 1 до {max}.",
		English: "Wrong choice limits: the minimum must not exceed the maximum, which must be 1 to {max}.",
	},
	"survey.scale": {
		Kazakh:  "Шкала 1–5 немесе 1–10 болуы керек (scale: 5 немесе 10).",
		Russian: "Шкала должна быть 1–5 или 1–10 (scale: 5 или 10).",
		English: "The scale must be 1–5 or 1–10 (scale: 5 or 10).",
	},
	"survey.text_length": {
		Kazakh:  "Жауап ұзындығының шегі 1-ден {max} таңбаға дейін болуы керек.",
		Russian: "Ограничение длины ответа должно быть от 1 до {max} символов.",
		English: "The answer length limit must be 1 to {max} characters.",
	},
	"survey.list_needs_signature": {
		Kazakh:  "ЖСН тізімі мен ұйымдардың қатысуы тек ЭЦП қолтаңбасы талап етілгенде мүмкін: тұлғаны тек сертификат растайды.",
		Russian: "Список ИИН и участие организаций возможны только с обязательной подписью ЭЦП: личность подтверждает только сертификат.",
		English: "An IIN list and organisations need a required EDS signature: only a certificate proves who someone is.",
	},
	"survey.org_unit_forbidden": {
		Kazakh:  "Аудан немесе өңір мектептеріне сауалнаманы сол бөлімнің сайтының әкімшілері (өз бөлімі мен одан төменгі бөлімдер үшін) немесе платформа операторы ғана жасай алады.",
		Russian: "Опрос для школ района или региона могут создать только администраторы сайта этого отдела образования (для своего и нижестоящих подразделений) или оператор платформы.",
		English: "Only the admins of the unit's education department site (for their unit and the units below it) or a platform operator can survey the schools of a district or region.",
	},
	"survey.export_kind": {
		Kazakh:  "«{value}» экспорт түрі белгісіз: results немесе voters таңдаңыз.",
		Russian: "Неизвестный вид выгрузки «{value}»: выберите results или voters.",
		English: "Unknown export kind “{value}”: choose results or voters.",
	},
	"survey.export_not_ready": {
		Kazakh:  "Экспорт әлі дайын емес (күйі: {value}).",
		Russian: "Выгрузка ещё не готова (статус: {value}).",
		English: "The export is not ready yet (status: {value}).",
	},
	"survey.revote_named": {
		Kazakh:  "Қайта дауыс беру тек атаулы режимде мүмкін.",
		Russian: "Переголосование возможно только в именном режиме.",
		English: "Re-voting is possible only in named mode.",
	},
	"survey.quorum": {
		Kazakh:  "Кворум теріс сан болмауы керек, ал қатысу пайызы 100-ден аспауы керек.",
		Russian: "Кворум не может быть отрицательным, а процент явки — больше 100.",
		English: "The quorum cannot be negative, nor the turnout percentage above 100.",
	},
	"survey.quorum_audience": {
		Kazakh:  "Қатысу пайызы бойынша кворум тек саны белгілі қатысушылар тобына қойылады.",
		Russian: "Кворум по проценту явки задаётся только для аудитории известного размера.",
		English: "A turnout quorum needs an audience of known size.",
	},
	"survey.reminders": {
		Kazakh:  "Еске салулар {max}-ден аспауы керек, әрқайсысы жабылуға дейінгі әртүрлі сағат санымен (1-ден бастап).",
		Russian: "Напоминаний не больше {max}, у каждого своё число часов до закрытия (от 1).",
		English: "At most {max} reminders, each with its own number of hours before closing (1 or more).",
	},
	"survey.times": {
		Kazakh:  "Жабылу уақыты ашылудан кеш, ал сауалнама бір жылдан ұзақ болмауы керек.",
		Russian: "Время закрытия должно быть позже открытия, а опрос — не длиннее года.",
		English: "Closing must come after opening, and a survey lasts at most a year.",
	},
	"survey.closes_past": {
		Kazakh:  "Жабылу уақыты өтіп кеткен.",
		Russian: "Время закрытия уже прошло.",
		English: "The closing time is in the past.",
	},
	"survey.extend": {
		Kazakh:  "Жаңа жабылу уақыты қазіргісінен де, осы сәттен де кеш болуы керек (мерзімді тек ұзартуға болады).",
		Russian: "Новое время закрытия должно быть позже текущего и позже настоящего момента (срок можно только продлить).",
		English: "The new closing time must be later than the current one and than now (it can only be extended).",
	},
	"survey.starting": {
		Kazakh:  "Сауалнама әлі іске қосылып жатыр. Бірнеше секундтан кейін қайталаңыз.",
		Russian: "Опрос ещё запускается. Повторите через несколько секунд.",
		English: "The survey is still starting. Try again in a few seconds.",
	},
	"survey.state": {
		Kazakh:  "Сауалнама қазір «{value}» күйінде, бұл әрекетті орындауға болмайды.",
		Russian: "Опрос сейчас в статусе «{value}», это действие невозможно.",
		English: "The survey is “{value}” now; this is not possible.",
	},
	"survey.not_open": {
		Kazakh:  "Сауалнама қазір дауыс қабылдамайды (күйі: «{value}»).",
		Russian: "Опрос сейчас не принимает ответы (статус: «{value}»).",
		English: "The survey is not taking answers now (status: “{value}”).",
	},
	"survey.mode_mismatch": {
		Kazakh:  "Бұл сауалнама «{value}» режимінде: бұл жолмен дауыс беруге болмайды.",
		Russian: "Этот опрос в режиме «{value}»: так проголосовать нельзя.",
		English: "This survey is in “{value}” mode: you cannot vote this way.",
	},
	"survey.not_a_list": {
		Kazakh:  "Бұл сауалнаманың қатысушылары ЖСН тізімімен берілмейді.",
		Russian: "Аудитория этого опроса задаётся не списком ИИН.",
		English: "This survey's audience is not an IIN list.",
	},
	"survey.list_size": {
		Kazakh:  "Тізімде 1-ден {max}-ге дейін жол болуы керек.",
		Russian: "В списке должно быть от 1 до {max} строк.",
		English: "The list must have 1 to {max} rows.",
	},
	"survey.list_empty": {
		Kazakh:  "Сауалнаманы жоспарлау алдында ЖСН тізімін жүктеңіз.",
		Russian: "Перед запуском опроса загрузите список ИИН.",
		English: "Upload the IIN list before scheduling the survey.",
	},
	"survey.list_file": {
		Kazakh:  "Файлды оқу мүмкін емес: бірінші парақтың бірінші бағанында ЖСН, екіншісінде (міндетті емес) электрондық пошта бар .xlsx файлын жүктеңіз.",
		Russian: "Не удалось прочитать файл: загрузите .xlsx, где в первом столбце первого листа ИИН, во втором (необязательно) — email.",
		English: "The file could not be read: upload an .xlsx with IINs in the first column of the first sheet and, optionally, emails in the second.",
	},
	"survey.answer_unknown": {
		Kazakh:  "Мұндай сұрақ немесе жол жоқ.",
		Russian: "Такого вопроса или строки нет.",
		English: "There is no such question or row.",
	},
	"survey.answer_kind": {
		Kazakh:  "Жауап сұрақтың түріне сәйкес келмейді.",
		Russian: "Ответ не соответствует типу вопроса.",
		English: "The answer does not fit the question's type.",
	},
	"survey.answer_required": {
		Kazakh:  "Бұл сұраққа жауап беру міндетті.",
		Russian: "На этот вопрос нужно ответить.",
		English: "This question must be answered.",
	},
	"survey.answer_option": {
		Kazakh:  "«{value}» нұсқасы жоқ немесе екі рет таңдалған.",
		Russian: "Варианта «{value}» нет, или он выбран дважды.",
		English: "The option “{value}” does not exist or is chosen twice.",
	},
	"survey.answer_count": {
		Kazakh:  "{min}-ден {max}-ге дейін нұсқа таңдаңыз.",
		Russian: "Выберите от {min} до {max} вариантов.",
		English: "Choose {min} to {max} options.",
	},
	"survey.answer_scale": {
		Kazakh:  "1-ден {max}-ге дейінгі санды таңдаңыз.",
		Russian: "Выберите число от 1 до {max}.",
		English: "Choose a number from 1 to {max}.",
	},
	"survey.signature": {
		Kazakh:  "ЭЦП қолтаңбасы тексеруден өтпеді ({reason}).",
		Russian: "Подпись ЭЦП не прошла проверку ({reason}).",
		English: "The EDS signature did not verify ({reason}).",
	},
	"survey.signer_kind": {
		Kazakh:  "Бұл сауалнамаға жеке тұлғаның ЖСН бар сертификатымен қол қойыңыз.",
		Russian: "Подпишите этот опрос сертификатом физического лица с ИИН.",
		English: "Sign this survey with an individual's certificate that carries an IIN.",
	},
	"survey.not_in_audience": {
		Kazakh:  "Сіз бұл сауалнаманың қатысушылар тобына кірмейсіз.",
		Russian: "Вы не входите в число участников этого опроса.",
		English: "You are not among the participants of this survey.",
	},
	"survey.already_voted": {
		Kazakh:  "Бұл ЖСН (немесе тіркелгі) бойынша дауыс берілген: әр адам бір рет қана дауыс береді.",
		Russian: "По этому ИИН (или учётной записи) уже проголосовали: каждый голосует только один раз.",
		English: "This IIN (or account) has already voted: everyone votes only once.",
	},
	"survey.nonce": {
		Kazakh:  "Қолтаңба сеансының мерзімі өтті немесе ол қолданылған. Бетті жаңартып, қайта қол қойыңыз.",
		Russian: "Сеанс подписи истёк или уже использован. Обновите страницу и подпишите заново.",
		English: "The signing session has expired or was used. Reload the page and sign again.",
	},
	"survey.token_invalid": {
		Kazakh:  "Дауыс беру токені жарамсыз.",
		Russian: "Токен для голосования недействителен.",
		English: "The voting token is not valid.",
	},
	"survey.token_used": {
		Kazakh:  "Бұл токенмен дауыс берілген.",
		Russian: "С этим токеном уже проголосовали.",
		English: "This token has already been used to vote.",
	},
	"survey.receipt": {
		Kazakh:  "Түбіртек коды 12 таңбадан тұрады, мысалы 7KQ2-M9XD-4TBC.",
		Russian: "Код квитанции состоит из 12 символов, например 7KQ2-M9XD-4TBC.",
		English: "A receipt code has 12 characters, such as 7KQ2-M9XD-4TBC.",
	},
	"survey.results_hidden": {
		Kazakh:  "Нәтижелер сауалнама жабылғанға дейін көрсетілмейді.",
		Russian: "Результаты не показываются до закрытия опроса.",
		English: "The results are not shown before the survey closes.",
	},
}
