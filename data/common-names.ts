/**
 * Common name words: the given and family names that build-name-forms.ts weighs as common in
 * the world (a name millions carry is weak evidence even when a sanctions list holds it once),
 * and faker's given and family names of 70+ locales (@faker-js/faker, MIT), which the
 * screening bench uses for invented non-listed persons, apart from the weighting's list.
 */
import { allFakers } from '@faker-js/faker';

/** Frequent given names and family names of many cultures, folded. */
export const COMMON_PERSON_NAMES = `
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

function values(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(values);
  if (node && typeof node === 'object') return Object.values(node).flatMap(values);
  return [];
}

export interface LocaleNames {
  locale: string;
  given: string[];
  family: string[];
}

/** Given and family names per faker locale, as faker writes them (any script). */
export function fakerLocaleNames(): LocaleNames[] {
  const out: LocaleNames[] = [];
  for (const [locale, faker] of Object.entries(allFakers)) {
    const person = (faker.rawDefinitions as { person?: Record<string, unknown> }).person;
    if (!person) continue;
    const given = [...new Set(values(person.first_name))];
    const family = [...new Set(values(person.last_name))];
    if (given.length > 0 && family.length > 0) out.push({ locale, given, family });
  }
  return out;
}
