"""The sources the rules cite, in one place: several rules rest on the same report."""

from __future__ import annotations

NAO = ("NAO and Audit Commission (2006) Delivering efficiently: strengthening the links in public service "
       "delivery chains")
NAO_11 = ("NAO and Audit Commission (2006) Delivering efficiently: strengthening the links in public "
          "service delivery chains, question 11")
BARBER = "Barber, M. (2007) Instruction to Deliver; Barber, Moffit and Kihn (2010) Deliverology 101"
ONTARIO_END_RECIPIENT = "Ontario Cabinet Office, delivery chain guidance: 'a meaningful link to the end recipient'"
ONTARIO_LINK_STRENGTH = "Ontario Cabinet Office, delivery chain guidance: assess the strength of each link"
NUMBERS_LITERATURE = ("NHS performance management of commissioners and trusts described as 'mainly about "
                      "being told what to do about numbers' (see the domain sources in the documentation)")
OVERSIGHT = "NHS England, NHS Oversight Framework: segmentation 1-4, relegation after bottom-quartile performance"
PEERS = ("North East and North Cumbria: areas with long ambulance delays paired with areas with short ones; "
         "West Yorkshire: six acute trusts sharing services")
LEADERS = ("Private survey of CCG and trust leaders: fewer than 5% enjoyed their relationship with their "
           "performance manager; most described it as 'telling, shouting and occasionally bullying'")
SUCCESS_REGIME = ("NHS England, Monitor and the NHS Trust Development Authority, the 'success regime' "
                  "(2015): support 'offered in traditional top-down style by regulators with a reputation for "
                  "command and control'")
JIT = ("Scottish Joint Improvement Team: trusted boundary spanners as critical friends, local presence, "
       "respect for complexity")
CHILD_OBESITY = "Child obesity target (2006): 26 bodies, jointly owned by three departments"
CANCER_NETWORKS = ("NAO (March 2005) The NHS Cancer Plan: a progress report: cancer networks negotiating with "
                   "'a dozen or more' PCTs")
PAC_CHILD_OBESITY = ("Committee of Public Accounts (2007) Tackling Child Obesity - First Steps (HC 157): "
                     "three departments, a joint target, and a call for 'a senior, high profile champion, to "
                     "lead and galvanise activity'; prevalence data 'two years old'")
NAO_3 = ("NAO and Audit Commission (2006) Delivering efficiently: strengthening the links in public "
         "service delivery chains, question 3 (is there enough capacity, including resources, to deliver?)")
PAC_GP_ACCESS = ("Committee of Public Accounts (2016) Access to General Practice in England (HC 673): 'not "
                 "enough GPs to meet demand'; access 'too dependent on where patients live'")
CQC_MATERNITY = ("Care Quality Commission (2024) National review of maternity services in England 2022 to 2024: "
                 "'improve their collection of demographic data, including information on ethnicity and levels of "
                 "deprivation'")
