package locale

// admissionRuleMessages are the messages of the admission rules: age per grade, catchment
// territory and priority categories.
var admissionRuleMessages = Catalog{
	"admission.age_range": {
		Kazakh:  "«{field}»: {grade}-сыныпқа {date} күні {min}–{max} жастағы балалар қабылданады; бала сол күні {value} жаста болады.",
		Russian: "«{field}»: в {grade} класс принимаются дети в возрасте от {min} до {max} лет на {date}; ребёнку в этот день будет {value}.",
		English: "“{field}”: grade {grade} admits children aged {min} to {max} on {date}; the child will be {value} on that day.",
	},
	"admission.age_rule": {
		Kazakh:  "«{field}»: жас шегі 3-тен 25-ке дейін болуы керек, ең кіші жас ең үлкенінен аспауы керек.",
		Russian: "«{field}»: возрастные границы должны быть от 3 до 25 лет, и нижняя не больше верхней.",
		English: "“{field}”: the age range must be within 3 to 25 years, its minimum not above its maximum.",
	},
	"admission.catchment_failed": {
		Kazakh:  "Файлда {count} қате бар ({rows}-жолдар), ештеңе импортталған жоқ. Түзетіп, қайта жүктеңіз.",
		Russian: "В файле ошибок: {count} (строки {rows}). Ничего не импортировано. Исправьте и загрузите снова.",
		English: "The file has {count} problems (rows {rows}); nothing was imported. Fix them and upload it again.",
	},
	"admission.catchment_format": {
		Kazakh:  "Файл Excel (.xlsx) кітабы емес.",
		Russian: "Файл не является книгой Excel (.xlsx).",
		English: "The file is not an Excel (.xlsx) workbook.",
	},
	"admission.catchment_too_many": {
		Kazakh:  "Жол тым көп: ең көбі {max}.",
		Russian: "Слишком много строк: не больше {max}.",
		English: "Too many rows: {max} at most.",
	},
	"admission.catchment_street": {
		Kazakh:  "көшенің атауы жазылмаған.",
		Russian: "не указано название улицы.",
		English: "the street's name is missing.",
	},
	"admission.catchment_number": {
		Kazakh:  "үй нөмірі 1-ден 100000-ға дейінгі сан болуы керек («{value}» емес).",
		Russian: "номер дома должен быть числом от 1 до 100000 (не «{value}»).",
		English: "a house number must be a number from 1 to 100000 (not “{value}”).",
	},
	"admission.catchment_parity": {
		Kazakh:  "«тақ», «жұп» немесе бос болуы керек («{value}» емес).",
		Russian: "должно быть «нечёт», «чёт» или пусто (не «{value}»).",
		English: "must be “odd”, “even” or empty (not “{value}”).",
	},
	"admission.catchment_range": {
		Kazakh:  "үйлер аралығына «бастап» пен «дейін» екеуі де керек, «бастап» «дейіннен» аспауы керек; тақ/жұп тек аралықпен жазылады.",
		Russian: "для диапазона домов нужны оба номера «с» и «по», «с» не больше «по»; чёт/нечёт указывается только с диапазоном.",
		English: "a house range needs both “from” and “to”, “from” not above “to”; odd/even goes with a range only.",
	},
	"admission.catchment_both": {
		Kazakh:  "бір жолда үйлер аралығы да, тізімі де болмайды: екі жолға бөліңіз.",
		Russian: "в одной строке не может быть и диапазона, и списка домов: разделите на две строки.",
		English: "a row cannot have both a house range and a list of houses: split it into two rows.",
	},
	"admission.catchment_house": {
		Kazakh:  "«{value}» үй нөмірі емес (мысалы: 12, 12А, 12/1).",
		Russian: "«{value}» — не номер дома (например: 12, 12А, 12/1).",
		English: "“{value}” is not a house number (e.g. 12, 12А, 12/1).",
	},
	"admission.catchment_only": {
		Kazakh:  "«{field}»: бұл мекенжай мектепке бекітілген аумақта емес; басқа мекенжайлардан өтініштер {date} бастап қабылданады. Мекенжайды «елді мекен, көше, үй» түрінде жазыңыз.",
		Russian: "«{field}»: этот адрес не входит в закреплённую за школой территорию; заявления с других адресов принимаются с {date}. Укажите адрес в виде «населённый пункт, улица, дом».",
		English: "“{field}”: this address is outside the school's catchment area; applications from other addresses are accepted from {date}. Write the address as “settlement, street, house”.",
	},
	"admission.open_to_all_range": {
		Kazakh:  "Барлығына ашылу уақыты науқанның ашылуы мен жабылуының арасында болуы керек.",
		Russian: "Время открытия для всех должно быть между открытием и закрытием кампании.",
		English: "The time the campaign opens to everyone must fall between its opening and its closing.",
	},
	"admission.priority_unknown": {
		Kazakh:  "«{value}» — бұл науқанның басымдық санаты емес.",
		Russian: "«{value}» — не категория приоритета этой кампании.",
		English: "“{value}” is not a priority category of this campaign.",
	},
	"admission.priority_duplicate": {
		Kazakh:  "«{value}» санаты екі рет жазылған.",
		Russian: "Категория «{value}» указана дважды.",
		English: "The category “{value}” is listed twice.",
	},
	"admission.priority_none": {
		Kazakh:  "Бұл өтініште басымдық санаты көрсетілмеген.",
		Russian: "В этом заявлении не заявлена категория приоритета.",
		English: "This application claims no priority category.",
	},
	"admission.priority_no_document": {
		Kazakh:  "Басымдықты растайтын құжат жүктелмеген.",
		Russian: "Документ, подтверждающий приоритет, не загружен.",
		English: "No document supporting the priority claim was uploaded.",
	},
	"admission.priority_pending": {
		Kazakh:  "Тексерілмеген басымдық өтінімдері бар ({count}): алдымен оларды растаңыз немесе қабылдамаңыз.",
		Russian: "Есть непроверенные заявки на приоритет ({count}): сначала подтвердите или отклоните их.",
		English: "There are unreviewed priority claims ({count}): confirm or reject them first.",
	},
	"admission.order_rule": {
		Kazakh:  "Кезек: алдымен бекітілген аумақтағы мекенжай, содан кейін расталған басымдық санаты (науқандағы ретімен), содан кейін өтініш берілген уақыт.",
		Russian: "Порядок: сначала адрес на закреплённой территории, затем подтверждённая категория приоритета (в порядке кампании), затем время подачи заявления.",
		English: "Order: an address inside the catchment first, then a confirmed priority category (in the campaign's order), then the time of submission.",
	},
	"admission.priority.sibling": {
		Kazakh:  "Мектепте оқитын бауыры бар",
		Russian: "Брат или сестра учится в школе",
		English: "Sibling at the school",
	},
	"admission.priority.staff": {
		Kazakh:  "Мектеп қызметкерінің баласы",
		Russian: "Ребёнок сотрудника школы",
		English: "Child of the school's staff",
	},
	"admission.priority.large_family": {
		Kazakh:  "Көп балалы отбасы",
		Russian: "Многодетная семья",
		English: "Large family",
	},
	"admission.priority.disability": {
		Kazakh:  "Мүмкіндігі шектеулі бала",
		Russian: "Ребёнок с инвалидностью или особыми образовательными потребностями",
		English: "Child with a disability or special educational needs",
	},
	"admission.priority.orphan": {
		Kazakh:  "Жетім немесе ата-ана қамқорлығынсыз қалған бала",
		Russian: "Сирота или ребёнок, оставшийся без попечения родителей",
		English: "Orphan or child without parental care",
	},
	"admission.priority.military": {
		Kazakh:  "Әскери қызметшінің баласы",
		Russian: "Ребёнок военнослужащего",
		English: "Child of a serviceman",
	},
	"admission.priority_status.claimed": {
		Kazakh:  "тексерілмеген",
		Russian: "не проверено",
		English: "not reviewed",
	},
	"admission.priority_status.confirmed": {
		Kazakh:  "расталды",
		Russian: "подтверждено",
		English: "confirmed",
	},
	"admission.priority_status.rejected": {
		Kazakh:  "қабылданбады",
		Russian: "отклонено",
		English: "rejected",
	},
	"admission.col.catchment": {
		Kazakh:  "Бекітілген аумақ",
		Russian: "Закреплённая территория",
		English: "Catchment",
	},
	"admission.col.priority": {
		Kazakh:  "Басымдық",
		Russian: "Приоритет",
		English: "Priority",
	},
	"admission.col.true": {
		Kazakh:  "иә",
		Russian: "да",
		English: "yes",
	},
	"admission.col.false": {
		Kazakh:  "жоқ",
		Russian: "нет",
		English: "no",
	},
	"admission.catchment_empty": {
		Kazakh:  "Алдымен мектептің бекітілген аумағын жүктеңіз: онсыз науқан ешкімді қабылдамайды.",
		Russian: "Сначала загрузите закреплённую за школой территорию: без неё кампания никого не примет.",
		English: "Upload the school's catchment territory first: without it the campaign would accept no one.",
	},
	"admission.sort": {
		Kazakh:  "Реті",
		Russian: "Порядок",
		English: "Order",
	},
	"admission.sort.created": {
		Kazakh:  "Берілген уақыты бойынша",
		Russian: "По времени подачи",
		English: "By submission time",
	},
	"admission.sort.priority": {
		Kazakh:  "Шешім кезегі бойынша",
		Russian: "В порядке решений",
		English: "In the order of decisions",
	},
	"admission.col.in": {
		Kazakh:  "аумақта",
		Russian: "на территории",
		English: "inside",
	},
	"admission.col.out": {
		Kazakh:  "аумақтан тыс",
		Russian: "вне территории",
		English: "outside",
	},
	"admission.col.any": {
		Kazakh:  "барлығы",
		Russian: "все",
		English: "all",
	},
	"admission.priority_document": {
		Kazakh:  "Басымдықты растайтын құжат",
		Russian: "Документ, подтверждающий приоритет",
		English: "Document supporting the priority claim",
	},
	"admission.priority_confirm": {
		Kazakh:  "Басымдықты растау",
		Russian: "Подтвердить приоритет",
		English: "Confirm the priority",
	},
	"admission.priority_reject": {
		Kazakh:  "Басымдықты қабылдамау",
		Russian: "Отклонить приоритет",
		English: "Reject the priority",
	},
	"admission.decide_in_order": {
		Kazakh:  "Осы кезекпен шешу: орын жеткенше қабылдау, қалғандарын кезекпен күту тізіміне",
		Russian: "Решить в этом порядке: принять, пока есть места, остальных — в лист ожидания по порядку",
		English: "Decide in this order: admit while seats last, the rest to the waiting list in order",
	},
}
