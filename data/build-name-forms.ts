/**
 * Compiles data/reference/name-forms.json: the legal forms (rigour_org_types.yml: "Co., Ltd",
 * "OOO", "GmbH", "Sp. z o.o." ... each mapped to the generic form it means, so "OOO" and
 * "LLC" compare equal), person honorifics and the particles of rigour_stopwords.yml, folded
 * exactly as the screening code folds names. Also a background frequency table of name
 * words (from the bundled OFAC and UN lists plus common business words) that weights words
 * by rarity whatever list is screened. Run: `npx tsx data/build-name-forms.ts [NAMES_DIR]`.
 *
 * Legal forms and stopwords: Copyright (c) 2023-2025: OpenSanctions Datenbanken GmbH (MIT).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { foldToWords } from '../functions/core/screening/fold-text.ts';
import { defaultWatchlistPaths, loadWatchlist } from '../functions/core/watchlists/index.ts';

const source = resolve(process.argv[2] ?? join(import.meta.dirname, '../../shared/data/reference/names'));
const out = join(import.meta.dirname, 'reference', 'name-forms.json');

interface OrgType {
  display?: string;
  compare?: string;
  generic?: string;
  aliases?: string[];
}
const orgTypes = (parse(readFileSync(join(source, 'rigour_org_types.yml'), 'utf8')) as { types: OrgType[] })
  .types;
const stopwords = parse(readFileSync(join(source, 'rigour_stopwords.yml'), 'utf8')) as Record<
  string,
  string[]
>;

// Aliases that are also ordinary words or common name parts ("in" for Inc, "Gu" for ГУ) would
// turn real words into legal forms; they are left out.
const AMBIGUOUS = new Set([
  'in',
  'pr',
  'll',
  'lt',
  'lc',
  'ao',
  'ed',
  'et',
  'od',
  'sd',
  'up',
  'gp',
  'ro',
  'gu',
  'nc',
  'ku',
  'ye',
  'da',
  'e',
  'la',
  'sia',
  'ge',
  'ivo',
  'kd',
  'oy',
  'us',
  'ot',
  'ed',
  'da',
  'ad',
  'ye',
  'dp',
  'pt',
  'ik',
  'ii',
  'na',
  'ki',
]);

const legalForms: Record<string, string> = {};
for (const type of orgTypes) {
  const key = (type.generic || type.compare || type.display || '').trim();
  const folded = foldToWords(key).join('');
  if (!folded) continue;
  for (const alias of [...(type.aliases ?? []), type.display ?? '', type.compare ?? '']) {
    const words = foldToWords(alias);
    const phrase = words.join(' ');
    if (!phrase || (words.length === 1 && AMBIGUOUS.has(phrase))) continue;
    // First definition wins: the file lists the more specific meaning first.
    legalForms[phrase] ??= folded;
  }
}
// Words that only say "this is a company" in many languages, compared as one form.
for (const phrase of [
  'co',
  'company',
  'corp',
  'corporation',
  'cie',
  'compania',
  'compagnie',
  'companhia',
  'kompaniya',
  'sirket',
  'sirketi',
  'sti',
]) {
  legalForms[phrase] ??= 'co';
}
// Forms left out above as ambiguous words, but unmistakable at the start or end of a company
// name (analyze-name.ts only reads legal forms there, and two-letter ones only as prefixes),
// and common transliterations the source lacks ("AO X" = "AKTSIONERNOE OBSHCHESTVO X" = "JSC X").
for (const [phrase, form] of [
  ['ao', 'jsc'],
  ['pt', 'llc'],
  ['oao', 'jsc'],
  ['zao', 'jsc'],
  ['pao', 'jsc'],
  ['aktsionernoye obshchestvo', 'jsc'],
  ['aktsionernoe obshestvo', 'jsc'],
  ['akcionernoe obshchestvo', 'jsc'],
  ['publichnoye aktsionernoye obshchestvo', 'jsc'],
  ['cong ty', 'co'],
  ['cty', 'co'],
  ['tnhh', 'llc'],
  ['cong ty tnhh', 'llc'],
  ['cong ty cp', 'jsc'],
] as const) {
  legalForms[phrase] ??= form;
}

const honorifics = [...new Set((stopwords.PERSON_NAME_PREFIXES ?? []).map((h) => foldToWords(h).join(' ')))]
  // Words that begin company names too ("General Trading", "The ...") are not stripped.
  .filter(
    (h) =>
      h &&
      ![
        'general',
        'the',
        'director',
        'president',
        'chair',
        'private',
        'count',
        'lord',
        'lady',
        'dame',
      ].includes(h),
  )
  .sort();

// Particles of names in many languages: kept but weighted low.
const particles = [
  'a',
  'al',
  'el',
  'ul',
  'ad',
  'ed',
  'as',
  'ash',
  'at',
  'az',
  'ar',
  'an',
  'bin',
  'ibn',
  'bint',
  'ben',
  'binti',
  'bte',
  'bt',
  'b',
  'de',
  'da',
  'do',
  'dos',
  'das',
  'di',
  'del',
  'della',
  'der',
  'den',
  'des',
  'du',
  'la',
  'le',
  'les',
  'lo',
  'los',
  'las',
  'van',
  'von',
  'y',
  'e',
  'et',
  'und',
  'and',
  'of',
  'the',
  'for',
  'fur',
  'i',
  'en',
  'au',
  'aux',
  'zu',
  'ou',
];

// Background word frequencies: how many names of the bundled lists hold each word, so the
// weight of a word does not depend on the size of the list being screened.
const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
const documentFrequency = new Map<string, number>();
let names = 0;
for (const entry of entries) {
  for (const name of [entry.name, ...entry.aliases]) {
    names++;
    for (const word of new Set(foldToWords(name)))
      documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  }
}
// Everyday words of company names are common in the world even when rare in sanctions lists.
const COMMON_BUSINESS_WORDS =
  'international global general trading trade shipping logistics group holding holdings industries industrial industry services service solutions technologies technology tech systems marine maritime energy petroleum oil gas import export investment investments development construction engineering bank capital commercial enterprises enterprise partners national united new star golden gold green blue red ocean sea pacific atlantic asia euro europe american africa middle east north south west central first royal prime alpha delta omega smart best quality premium modern advanced digital media network networks consulting management resources products manufacturing foods food agro agricultural chemical chemicals pharma medical health electronics electric electrical power steel metal metals textile textiles garments fashion auto motors transport freight cargo express lines line airlines air travel tours real estate property properties finance financial insurance securities exchange supply supplies equipment machinery tools parts plastics paper printing design home furniture building materials mining minerals resources water world universal pioneer eagle lion tiger sun sunrise silver diamond crystal city metro union alliance mutual associates brothers sons family house center centre'.split(
    ' ',
  );
for (const word of COMMON_BUSINESS_WORDS)
  documentFrequency.set(word, Math.max(documentFrequency.get(word) ?? 0, 150));
// Frequent given names and family names of many cultures: a name shared by millions is weak
// evidence even when the sanctions lists hold it once ("Dmitry NOVIKOV", "Juan DIAZ").
const COMMON_PERSON_NAMES = `
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark paul steven andrew kenneth george edward brian kevin ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel frank gregory raymond alexander patrick jack dennis jerry tyler aaron henry peter adam harry oliver charlie
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa margaret betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma samantha katherine christine rachel catherine maria sophie olivia charlotte amelia grace
jose juan carlos luis miguel jorge pedro alejandro manuel francisco antonio javier rafael fernando ricardo eduardo roberto sergio andres diego pablo alberto raul enrique oscar mario hector jesus victor cesar arturo ramon ernesto alfredo guillermo gustavo
sofia lucia carmen isabel valentina camila ana rosa elena paula martina daniela gabriela adriana monica veronica claudia beatriz
omar khalid tariq yousef yusuf faisal karim samir nabil rami walid hamza bilal anas ahmed ahmad mohamed mohammed muhammad mahmoud mustafa mostafa hassan hasan hussein husain ali ibrahim ismail khaled said saeed salem salim saleh nasser naser adel amir amin hamid hamed jamal kamal majid rashid sami tarek youssef zaid ziad abdullah abdallah abdul abdel
fatima aisha aysha mariam maryam noura nour huda salma zainab layla leila amina khadija sara rania yasmin hana
ivan dmitry dmitri sergey sergei alexei aleksei alexey nikolai nikolay pavel andrei andrey mikhail vladimir aleksandr yuri yury viktor boris oleg igor maxim maksim anton denis roman evgeny yevgeny konstantin vasily grigory artem
olga natalia natalya irina tatiana tatyana svetlana yelena anastasia ekaterina yekaterina marina galina ludmila lyudmila yulia julia
wei fang jing lei min jun yan hui xin tao ling ming hao yong qiang li na xiu ying hong jie jian ping lin yu yi hua bo gang feng
rahul amit priya anjali sanjay vikram deepak sunita kavita arjun rohan neha pooja rajesh suresh ramesh mahesh lakshmi ananya anil sunil vijay ravi raj kumar krishna
chinedu oluwaseun kwame kofi ama abena thabo sipho amara emeka tendai baraka
mehmet emre burak elif zeynep ayse fatma murat cem deniz selin oguz kerem huseyin ahmet
reza dariush farhad kaveh parisa shirin navid arash babak mehdi omid sima hossein mohammad
minh anh tuan linh huong duc thanh lan phuong quang hung dung
klaus jurgen stefan andreas matthias sabine ursula monika katrin lukas felix lena hannah hans wolfgang
jean pierre michel philippe nicolas camille chloe manon julien antoine francois louis marie
joao paulo tiago bruno mariana luana thiago lucas
smith johnson williams brown jones miller davis wilson taylor anderson moore martin jackson thompson white harris clark lewis robinson walker young allen king wright hill green adams baker nelson carter mitchell roberts turner phillips campbell parker evans edwards collins stewart morris murphy cook rogers
garcia rodriguez martinez lopez gonzalez perez sanchez ramirez torres flores rivera gomez diaz cruz morales ortiz castillo romero hernandez jimenez ruiz alvarez moreno munoz vargas castro ramos reyes gutierrez mendoza aguilar medina herrera silva
haddad khoury mansour farouk qasim bakr darwish shami masri tamimi zaidi khalil jaber hamdan khan rahman
ivanov smirnov smirnova kuznetsov popov sokolov lebedev kozlov novikov morozov petrov volkov solovyov vasiliev zaitsev pavlov pavlova semenov golubev vinogradov bogdanov vorobyov fedorov mikhailov belyaev tarasov belov komarov orlov kiselev makarov andreev kovalev ilyin gusev titov kuzmin kudryavtsev baranov
wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao luo zheng liang xie song tang han deng cao peng zeng xiao tian dong pan yuan cai jiang du ye cheng su lu ding ren shen yao
sharma verma gupta singh patel reddy nair iyer mehta joshi desai chopra malhotra rao pillai banerjee das shah mishra yadav
okafor adeyemi mensah boateng owusu nkosi dlamini mokoena kariuki otieno mwangi banda phiri diallo traore keita toure kone ouattara
yilmaz kaya demir sahin celik yildiz aydin ozturk arslan dogan kilic aslan
ahmadi hosseini karimi rahimi moradi jafari rezaei mohammadi sadeghi rostami
kim lee park choi jung kang cho yoon jang lim oh seo shin kwon
nguyen tran le pham hoang phan vu dang bui do ho ngo duong ly
muller schmidt schneider fischer weber meyer wagner becker schulz hoffmann koch richter klein wolf
bernard dubois petit durand leroy moreau simon laurent lefebvre
santos oliveira souza pereira costa ferreira almeida carvalho ribeiro gomes
`
  .split(/\s+/)
  .filter(Boolean);
for (const word of COMMON_PERSON_NAMES)
  documentFrequency.set(word, Math.max(documentFrequency.get(word) ?? 0, 150));
const wordFrequencies: Record<string, number> = {};
for (const [word, df] of [...documentFrequency].sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (df >= 3) wordFrequencies[word] = df;
}

const result = {
  notice:
    'Legal forms and stopwords derived from rigour (https://github.com/opensanctions/rigour), MIT licence, Copyright (c) 2023-2025: OpenSanctions Datenbanken GmbH. Word frequencies from the OFAC SDN and UN SC lists (public).',
  legalForms,
  honorifics,
  particles,
  genericPersonNames: [
    ...new Set((stopwords.GENERIC_PERSON_NAMES ?? []).map((n) => foldToWords(n).join(' ')).filter(Boolean)),
  ],
  backgroundNames: names,
  wordFrequencies,
};
writeFileSync(out, `${JSON.stringify(result)}\n`);
console.log(
  `name-forms.json: ${Object.keys(legalForms).length} legal-form phrases, ${honorifics.length} honorifics, ${Object.keys(wordFrequencies).length} word frequencies over ${names} names`,
);
