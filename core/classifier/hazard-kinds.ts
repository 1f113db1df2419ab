/**
 * More kinds of danger (issue 15, second pass), each a general category of words rather than a
 * phrase: worsening states, people confined or threatened, fraud under way, poisoning and stroke
 * signs, contaminated drinking water, disease in animals and people, vulnerable people in the cold
 * or left alone, fire-safety gear missing, tall structures leaning. Written from misses on the
 * train split (cross-validation folds), never from dev. Used by ./urgency.
 */
import type { EmergencyNumber } from './hazard';

/** Alarm patterns: call now. */
export const MORE_SIGNALS: [RegExp, EmergencyNumber[]][] = [
  // Bleeding that does not stop, a deep cut.
  [/血(止不住|流不止|一直流|流了一地)|(割|划|砍)了?一?(个|道)?(大|好深的?)口子/, ['120']],
  // Stroke signs: slurred speech, one side weak.
  [/说不清楚?了|口齿不清|嘴角?歪了|(一边|半边|左边|右边)的?(手|脚|腿|胳膊|身子).{0,4}(抬不起|动不了|没力气|不听使唤|发麻)/, ['120']],
  // Poisoning: medicine or chemicals swallowed, a whole table numb.
  [/(药|农药|老鼠药|消毒液|洗衣液).{0,4}当(糖|饮料|水)|误(吃|喝|服)|(嘴巴?|舌头|嘴唇)发麻/, ['120']],
  // Confined or kept from leaving.
  [/关在.{0,6}(屋|房|里)|不放(我|人|他|她)|不让.{0,4}出(去|来|门)|堵着门|被人控制|被控制了/, ['110']],
  // Property smashed by people at the door.
  [/(门|窗|窗户|车|玻璃)(都|也)?(给|被)?砸了|砸了.{0,3}(门|窗|车|玻璃)/, ['110']],
  // Gas or fire that cannot be turned off.
  [/(火|火苗).{0,6}(关不掉|关不上|灭不了|往上窜|窜)|关了火还|xie ?lou|lou ?qi/, ['119']],
  // Water on light fittings, scalding water.
  [/(电灯|灯泡|灯管|吊灯|灯).{0,4}(那里|那儿)?.{0,3}(滴|漏水|进水)|开水一样/, ['119']],
];

/** Worth a look at once. */
export const MORE_POSSIBLE: [RegExp, EmergencyNumber[]][] = [
  // Threats of violence or self-harm, people gathering for a fight.
  [/(找|叫|喊)(人|了人|几个人).{0,4}(来|过来)?.{0,3}(收拾|打|弄|砸|算账)|要他好看|弄死|废了他|放狗咬|扔石头|扔砖|(打电话|到处)叫人|(要|说要|扬言|闹着).{0,4}(喝药|上吊|跳楼|跳河|寻死|死给)/, ['110']],
  // Fraud under way on someone else (a child, an old parent): money moved at a stranger's word.
  [/(孩子|老人|我妈|我爸|老妈|老爸|奶奶|爷爷|让他|让她|叫他|叫她).{0,12}(转钱|取钱|转账|汇款)|骗子.{0,8}(取钱|转钱|转账)/, ['110']],
  // A child isolated by an adult and told to keep quiet.
  [/不让.{0,4}(跟|和|告诉|对).{0,4}(家里|家长|爸妈|大人)|单独.{0,4}(把她|把他|叫|留|带).{0,6}(办公室|屋里|家里|车上)/, ['110']],
  // Too many people in a vehicle with children.
  [/(塞|挤|坐)了.{0,5}(个|多个)(孩子|娃|学生)/, ['110']],
  // Drinking water fouled: dead animals, waste, worms, colour near an intake.
  [/(取水|水源|饮用水|吃的水|喝的水|吃水).{0,12}(死|污|黑|臭|绿|漂|排污|倒)|(死|漂|排污|倒).{0,16}(取水|水源|饮用水|吃水)|水里.{0,6}虫/, ['120']],
  // Disease: many animals dead, several people ill together, sick meat sold.
  [/(死了|死掉).{0,3}(好多|好几|不少|一片|一大片|成片)|(鸡|鸭|猪|鱼|牛|羊).{0,3}(也|都)?死了(不少|好多|一片)|瘟|(好几个|几个|好多)人.{0,6}(咳嗽|发烧|拉肚子|吐)|病猪|死猪肉/, ['120']],
  // Chemicals dumped or leaking.
  [/(化工|化学).{0,8}(液体|桶|废|倒|渗|排)|(刺鼻|呛鼻|呛人).{0,10}(液体|桶|倒|渗|排|气体)|(液体|桶).{0,10}(刺鼻|呛鼻|呛人)|不知道什么液体|农药桶.{0,6}(倒|扔|漏)/, ['119']],
  // Vulnerable people in the cold, without shelter or left alone.
  [/冻得发抖|(窝棚|棚子|露天|牛圈).{0,10}冻|(瘫|低保户|独居|孤寡).{0,12}没有?(取暖|暖气|炉子)|无家可归|露宿|烧光了|烧没了|(他们|两个|俩|娃娃|孩子).{0,3}(自己|单独)?在家.{0,8}(才|没大人|没人管)|就他们俩在家|不太清醒|神志不清/, ['120']],
  // Coal stoves in sealed rooms: carbon monoxide.
  [/(蜂窝煤|煤炉|煤球|炭火|炭盆|烧煤).{0,14}(封|关|密|堵)/, ['120']],
  // Medicine run out for a serious condition, very high blood pressure.
  [/血压.{0,6}(一百[五六七八九]|两百|[12]\d\d)|药吃完了|断药了/, ['120']],
  // Fire-safety gear missing or expired; batteries charged indoors.
  [/(消防栓|消火栓).{0,8}(没有|没|空|过期)|灭火器.{0,4}(过期|没有|空)|(楼道|家里|屋里|室内|走廊).{0,14}充电|推(进|上)(来|楼|屋).{0,3}充电|私灌|自己灌/, ['119']],
  // Rivers narrowed or blocked: flooding when it rains.
  [/河道.{0,6}(占|堵|填).{0,12}(大雨|下雨|汛|涨)/, ['119']],
  // A child or old person bitten.
  [/(孩子|小孩|娃|老人).{0,6}被.{0,4}咬/, ['120']],
];

/** Tall things that fall on people when they lean or work loose: a danger in any such state. */
export const TALL = /烟囱|广告牌|招牌|塔吊|脚手架|水塔|铁塔|信号塔|钢架|铁架子|吊扇|风扇|吊灯|防护墩|水泥墩|防撞墩/;
export const TALL_STATE = /歪|斜|晃|倒|松|裂|断|锈|撞飞|撞坏|没了/;
