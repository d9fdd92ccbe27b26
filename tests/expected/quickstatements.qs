CREATE
LAST	Lkk	"Түркі әлемінің үздік музейі"
LAST	Len	"Best Museum of the Turkic World"
LAST	Dkk	"марапат"
LAST	Den	"award"
LAST	Dru	"награда"
LAST	P31	Q618779	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
CREATE
LAST	Lkk	"Ықылас атындағы халық музыкалық аспаптар музейі"
LAST	Len	"Ykylas Museum of Folk Musical Instruments"
LAST	Dkk	"Алматы қаласындағы музей"
LAST	Den	"museum in Almaty"
LAST	Dru	"музей в городе Алматы"
LAST	P31	Q33506	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
LAST	P131	Q35493	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
CREATE
LAST	Lkk	"Ахмет Байтұрсынұлының музей үйі"
LAST	Len	"Akhmet Baitursynuly Museum-House"
LAST	Dkk	"Алматы қаласындағы музей"
LAST	Den	"museum in Almaty"
LAST	Dru	"музей в городе Алматы"
LAST	P31	Q2087181	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
LAST	P131	Q35493	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
CREATE
LAST	Lkk	"С. Мұқанов пен Ғ. Мүсіреповтің әдеби-мемориалдық музей кешені"
LAST	Len	"Sabit Mukanov and Gabit Musrepov Literary-Memorial Museum Complex"
LAST	Dkk	"Алматы қаласындағы музей"
LAST	Den	"museum in Almaty"
LAST	Dru	"музей в городе Алматы"
LAST	P31	Q33506	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
LAST	P131	Q35493	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
CREATE
LAST	Lkk	"Н. Тілендиевтің мемориалдық музейі"
LAST	Len	"Nurgisa Tlendiyev Memorial Museum"
LAST	Dkk	"Алматы қаласындағы музей"
LAST	Den	"museum in Almaty"
LAST	Dru	"музей в городе Алматы"
LAST	P31	Q33506	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
LAST	P131	Q35493	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
CREATE
LAST	Lkk	"Мультимедиялық дәстүрлі музыка орталығы"
LAST	Len	"Multimedia Centre of Traditional Music"
LAST	Dkk	"Алматы қаласындағы музей"
LAST	Den	"museum in Almaty"
LAST	Dru	"музей в городе Алматы"
LAST	P31	Q33506	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
LAST	P131	Q35493	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
CREATE
LAST	Lkk	"Д. А. Қонаев музейі"
LAST	Len	"Dinmukhamed Kunaev Museum"
LAST	Dkk	"Алматы қаласындағы музей"
LAST	Den	"museum in Almaty"
LAST	Dru	"музей в городе Алматы"
LAST	P31	Q33506	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
LAST	P131	Q35493	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
CREATE
LAST	Lkk	"Райымбек батыр музей кешені"
LAST	Len	"Raiymbek Batyr Museum Complex"
LAST	Dkk	"Алматы қаласындағы музей"
LAST	Den	"museum in Almaty"
LAST	Dru	"музей в городе Алматы"
LAST	P31	Q33506	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
LAST	P131	Q35493	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
CREATE
LAST	Lkk	"Алматы қаласының тарихының музейі"
LAST	Len	"Museum of the History of Almaty"
LAST	Dkk	"Алматы қаласындағы музей"
LAST	Den	"museum in Almaty"
LAST	Dru	"музей в городе Алматы"
LAST	P31	Q33506	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
LAST	P131	Q35493	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
CREATE
LAST	Lkk	"Алматы қаласы музейлер бірлестігі"
LAST	Len	"Association of Almaty Museums"
LAST	Lru	"Объединение музеев города Алматы"
LAST	Dkk	"Алматы қаласындағы бірлестік"
LAST	Den	"association in Almaty"
LAST	Dru	"объединение в городе Алматы"
CREATE
LAST	Lkk	"Алматы қаласының әкімдігі"
LAST	Len	"Akimat of Almaty"
LAST	Lru	"акимат города Алматы"
LAST	Dkk	"Алматы қаласындағы қала әкімдігі"
LAST	Den	"city administration in Almaty"
LAST	Dru	"городская администрация в городе Алматы"
CREATE
LAST	Lkk	"Сұлтан Раев"
LAST	Len	"Sultan Raev"
LAST	Lru	"Султан Раев"
LAST	Dkk	"ТҮРКСОЙ халықаралық ұйымының бас хатшысы"
LAST	Den	"Secretary General of TURKSOY"
LAST	P31	Q5	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
CREATE
LAST	Lkk	"Ерболат Досаев"
LAST	Len	"Yerbolat Dossayev"
LAST	Lru	"Ерболат Досаев"
LAST	Dkk	"Алматы қаласының әкімі"
LAST	Den	"Akim (mayor) of Almaty"
LAST	P31	Q5	S854	"https://kaz.zakon.kz/kogam-tynysy/6047570-almaty-muzeyler-trk-lemnde-zdk-dep-tanyldy.html"	S813	+2026-11-25T00:00:00Z/11
