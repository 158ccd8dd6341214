export type MunicipalityInfo = {
  name: string;
  vrCode: string;
  gemcode: string;
  displayName?: string;
  searchTerms?: string[];
};

export const gmData: MunicipalityInfo[] = [
  {
    name: 'Aa en Hunze',
    vrCode: 'VR03',
    gemcode: 'GM1680',
  },
  {
    name: 'Aalsmeer',
    vrCode: 'VR13',
    gemcode: 'GM0358',
  },
  {
    name: 'Aalten',
    vrCode: 'VR06',
    gemcode: 'GM0197',
  },
  {
    name: 'Achtkarspelen',
    vrCode: 'VR02',
    gemcode: 'GM0059',
  },
  {
    name: 'Alblasserdam',
    vrCode: 'VR18',
    gemcode: 'GM0482',
  },
  {
    name: 'Albrandswaard',
    vrCode: 'VR17',
    gemcode: 'GM0613',
  },
  {
    name: 'Alkmaar',
    vrCode: 'VR10',
    gemcode: 'GM0361',
  },
  {
    name: 'Almelo',
    vrCode: 'VR05',
    gemcode: 'GM0141',
  },
  {
    name: 'Almere',
    vrCode: 'VR25',
    gemcode: 'GM0034',
  },
  {
    name: 'Alphen aan den Rijn',
    vrCode: 'VR16',
    gemcode: 'GM0484',
  },
  {
    name: 'Alphen-Chaam',
    vrCode: 'VR20',
    gemcode: 'GM1723',
  },
  {
    name: 'Altena',
    vrCode: 'VR20',
    gemcode: 'GM1959',
  },
  {
    name: 'Ameland',
    vrCode: 'VR02',
    gemcode: 'GM0060',
  },
  {
    name: 'Amersfoort',
    vrCode: 'VR09',
    gemcode: 'GM0307',
  },
  {
    name: 'Amstelveen',
    vrCode: 'VR13',
    gemcode: 'GM0362',
  },
  {
    name: 'Amsterdam',
    vrCode: 'VR13',
    gemcode: 'GM0363',
    searchTerms: ['Damsco'],
  },
  {
    name: 'Apeldoorn',
    vrCode: 'VR06',
    gemcode: 'GM0200',
  },
  {
    name: 'Arnhem',
    vrCode: 'VR07',
    gemcode: 'GM0202',
  },
  {
    name: 'Assen',
    vrCode: 'VR03',
    gemcode: 'GM0106',
  },
  {
    name: 'Asten',
    vrCode: 'VR22',
    gemcode: 'GM0743',
  },
  {
    name: 'Baarle-Nassau',
    vrCode: 'VR20',
    gemcode: 'GM0744',
  },
  {
    name: 'Baarn',
    vrCode: 'VR09',
    gemcode: 'GM0308',
  },
  {
    name: 'Barendrecht',
    vrCode: 'VR17',
    gemcode: 'GM0489',
  },
  {
    name: 'Barneveld',
    vrCode: 'VR07',
    gemcode: 'GM0203',
  },
  {
    name: 'Beek (L.)',
    vrCode: 'VR24',
    gemcode: 'GM0888',
  },
  {
    name: 'Beekdaelen',
    vrCode: 'VR24',
    gemcode: 'GM1954',
  },
  {
    name: 'Beesel',
    vrCode: 'VR23',
    gemcode: 'GM0889',
  },
  {
    name: 'Berg en Dal',
    vrCode: 'VR08',
    gemcode: 'GM1945',
  },
  {
    name: 'Bergeijk',
    vrCode: 'VR22',
    gemcode: 'GM1724',
  },
  {
    name: 'Bergen (L.)',
    vrCode: 'VR23',
    gemcode: 'GM0893',
  },
  {
    name: 'Bergen (NH.)',
    vrCode: 'VR10',
    gemcode: 'GM0373',
  },
  {
    name: 'Bergen op Zoom',
    vrCode: 'VR20',
    gemcode: 'GM0748',
  },
  {
    name: 'Berkelland',
    vrCode: 'VR06',
    gemcode: 'GM1859',
  },
  {
    name: 'Bernheze',
    vrCode: 'VR21',
    gemcode: 'GM1721',
  },
  {
    name: 'Best',
    vrCode: 'VR22',
    gemcode: 'GM0753',
  },
  {
    name: 'Beuningen',
    vrCode: 'VR08',
    gemcode: 'GM0209',
  },
  {
    name: 'Beverwijk',
    vrCode: 'VR12',
    gemcode: 'GM0375',
  },
  {
    name: 'De Bilt',
    vrCode: 'VR09',
    gemcode: 'GM0310',
  },
  {
    name: 'Bladel',
    vrCode: 'VR22',
    gemcode: 'GM1728',
  },
  {
    name: 'Blaricum',
    vrCode: 'VR14',
    gemcode: 'GM0376',
  },
  {
    name: 'Bloemendaal',
    vrCode: 'VR12',
    gemcode: 'GM0377',
  },
  {
    name: 'Bodegraven-Reeuwijk',
    vrCode: 'VR16',
    gemcode: 'GM1901',
  },
  {
    name: 'Boekel',
    vrCode: 'VR21',
    gemcode: 'GM0755',
  },
  {
    name: 'Borger-Odoorn',
    vrCode: 'VR03',
    gemcode: 'GM1681',
  },
  {
    name: 'Borne',
    vrCode: 'VR05',
    gemcode: 'GM0147',
  },
  {
    name: 'Borsele',
    vrCode: 'VR19',
    gemcode: 'GM0654',
  },
  {
    name: 'Boxtel',
    vrCode: 'VR21',
    gemcode: 'GM0757',
  },
  {
    name: 'Breda',
    vrCode: 'VR20',
    gemcode: 'GM0758',
  },
  {
    name: 'Bronckhorst',
    vrCode: 'VR06',
    gemcode: 'GM1876',
  },
  {
    name: 'Brummen',
    vrCode: 'VR06',
    gemcode: 'GM0213',
  },
  {
    name: 'Brunssum',
    vrCode: 'VR24',
    gemcode: 'GM0899',
  },
  {
    name: 'Bunnik',
    vrCode: 'VR09',
    gemcode: 'GM0312',
  },
  {
    name: 'Bunschoten',
    vrCode: 'VR09',
    gemcode: 'GM0313',
  },
  {
    name: 'Buren',
    vrCode: 'VR08',
    gemcode: 'GM0214',
  },
  {
    name: 'Capelle aan den IJssel',
    vrCode: 'VR17',
    gemcode: 'GM0502',
  },
  {
    name: 'Castricum',
    vrCode: 'VR10',
    gemcode: 'GM0383',
  },
  {
    name: 'Coevorden',
    vrCode: 'VR03',
    gemcode: 'GM0109',
  },
  {
    name: 'Cranendonck',
    vrCode: 'VR22',
    gemcode: 'GM1706',
  },
  {
    name: 'Culemborg',
    vrCode: 'VR08',
    gemcode: 'GM0216',
  },
  {
    name: 'Dalfsen',
    vrCode: 'VR04',
    gemcode: 'GM0148',
  },
  {
    name: 'Dantumadiel',
    vrCode: 'VR02',
    gemcode: 'GM1891',
  },
  {
    name: 'Delft',
    vrCode: 'VR15',
    gemcode: 'GM0503',
  },
  {
    name: 'Deurne',
    vrCode: 'VR22',
    gemcode: 'GM0762',
  },
  {
    name: 'Deventer',
    vrCode: 'VR04',
    gemcode: 'GM0150',
  },
  {
    name: 'Diemen',
    vrCode: 'VR13',
    gemcode: 'GM0384',
  },
  {
    name: 'Dinkelland',
    vrCode: 'VR05',
    gemcode: 'GM1774',
  },
  {
    name: 'Dijk en Waard',
    vrCode: 'VR10',
    gemcode: 'GM1980',
  },
  {
    name: 'Doesburg',
    vrCode: 'VR07',
    gemcode: 'GM0221',
  },
  {
    name: 'Doetinchem',
    vrCode: 'VR06',
    gemcode: 'GM0222',
  },
  {
    name: 'Dongen',
    vrCode: 'VR20',
    gemcode: 'GM0766',
  },
  {
    name: 'Dordrecht',
    vrCode: 'VR18',
    gemcode: 'GM0505',
  },
  {
    name: 'Drechterland',
    vrCode: 'VR10',
    gemcode: 'GM0498',
  },
  {
    name: 'Drimmelen',
    vrCode: 'VR20',
    gemcode: 'GM1719',
  },
  {
    name: 'Dronten',
    vrCode: 'VR25',
    gemcode: 'GM0303',
  },
  {
    name: 'Druten',
    vrCode: 'VR08',
    gemcode: 'GM0225',
  },
  {
    name: 'Duiven',
    vrCode: 'VR07',
    gemcode: 'GM0226',
  },
  {
    name: 'Echt-Susteren',
    vrCode: 'VR23',
    gemcode: 'GM1711',
  },
  {
    name: 'Edam-Volendam',
    vrCode: 'VR11',
    gemcode: 'GM0385',
  },
  {
    name: 'Ede',
    vrCode: 'VR07',
    gemcode: 'GM0228',
  },
  {
    name: 'Eemnes',
    vrCode: 'VR09',
    gemcode: 'GM0317',
  },
  {
    name: 'Eemsdelta',
    vrCode: 'VR01',
    gemcode: 'GM1979',
  },
  {
    name: 'Eersel',
    vrCode: 'VR22',
    gemcode: 'GM0770',
  },
  {
    name: 'Eijsden-Margraten',
    vrCode: 'VR24',
    gemcode: 'GM1903',
  },
  {
    name: 'Eindhoven',
    vrCode: 'VR22',
    gemcode: 'GM0772',
  },
  {
    name: 'Elburg',
    vrCode: 'VR06',
    gemcode: 'GM0230',
  },
  {
    name: 'Emmen',
    vrCode: 'VR03',
    gemcode: 'GM0114',
  },
  {
    name: 'Enkhuizen',
    vrCode: 'VR10',
    gemcode: 'GM0388',
  },
  {
    name: 'Enschede',
    vrCode: 'VR05',
    gemcode: 'GM0153',
  },
  {
    name: 'Epe',
    vrCode: 'VR06',
    gemcode: 'GM0232',
  },
  {
    name: 'Ermelo',
    vrCode: 'VR06',
    gemcode: 'GM0233',
  },
  {
    name: 'Etten-Leur',
    vrCode: 'VR20',
    gemcode: 'GM0777',
  },
  {
    name: 'De Fryske Marren',
    vrCode: 'VR02',
    gemcode: 'GM1940',
    searchTerms: ['De Friese Meeren'],
  },
  {
    name: 'Geertruidenberg',
    vrCode: 'VR20',
    gemcode: 'GM0779',
  },
  {
    name: 'Geldrop-Mierlo',
    vrCode: 'VR22',
    gemcode: 'GM1771',
  },
  {
    name: 'Gemert-Bakel',
    vrCode: 'VR22',
    gemcode: 'GM1652',
  },
  {
    name: 'Gennep',
    vrCode: 'VR23',
    gemcode: 'GM0907',
  },
  {
    name: 'Gilze en Rijen',
    vrCode: 'VR20',
    gemcode: 'GM0784',
  },
  {
    name: 'Goeree-Overflakkee',
    vrCode: 'VR17',
    gemcode: 'GM1924',
  },
  {
    name: 'Goes',
    vrCode: 'VR19',
    gemcode: 'GM0664',
  },
  {
    name: 'Goirle',
    vrCode: 'VR20',
    gemcode: 'GM0785',
  },
  {
    name: 'Gooise Meren',
    vrCode: 'VR14',
    gemcode: 'GM1942',
  },
  {
    name: 'Gorinchem',
    vrCode: 'VR18',
    gemcode: 'GM0512',
  },
  {
    name: 'Gouda',
    vrCode: 'VR16',
    gemcode: 'GM0513',
  },
  {
    name: "'s-Gravenhage",
    vrCode: 'VR15',
    gemcode: 'GM0518',
    displayName: 'Den Haag',
    searchTerms: ['Den Haag', 'Agga'],
  },
  {
    name: 'Groningen',
    vrCode: 'VR01',
    gemcode: 'GM0014',
  },
  {
    name: 'Gulpen-Wittem',
    vrCode: 'VR24',
    gemcode: 'GM1729',
  },
  {
    name: 'Haaksbergen',
    vrCode: 'VR05',
    gemcode: 'GM0158',
  },
  {
    name: 'Haarlem',
    vrCode: 'VR12',
    gemcode: 'GM0392',
  },
  {
    name: 'Haarlemmermeer',
    vrCode: 'VR12',
    gemcode: 'GM0394',
  },
  {
    name: 'Halderberge',
    vrCode: 'VR20',
    gemcode: 'GM1655',
  },
  {
    name: 'Hardenberg',
    vrCode: 'VR04',
    gemcode: 'GM0160',
  },
  {
    name: 'Harderwijk',
    vrCode: 'VR06',
    gemcode: 'GM0243',
  },
  {
    name: 'Hardinxveld-Giessendam',
    vrCode: 'VR18',
    gemcode: 'GM0523',
  },
  {
    name: 'Harlingen',
    vrCode: 'VR02',
    gemcode: 'GM0072',
  },
  {
    name: 'Hattem',
    vrCode: 'VR06',
    gemcode: 'GM0244',
  },
  {
    name: 'Heemskerk',
    vrCode: 'VR12',
    gemcode: 'GM0396',
  },
  {
    name: 'Heemstede',
    vrCode: 'VR12',
    gemcode: 'GM0397',
  },
  {
    name: 'Heerde',
    vrCode: 'VR06',
    gemcode: 'GM0246',
  },
  {
    name: 'Heerenveen',
    vrCode: 'VR02',
    gemcode: 'GM0074',
  },
  {
    name: 'Heerlen',
    vrCode: 'VR24',
    gemcode: 'GM0917',
  },
  {
    name: 'Heeze-Leende',
    vrCode: 'VR22',
    gemcode: 'GM1658',
  },
  {
    name: 'Heiloo',
    vrCode: 'VR10',
    gemcode: 'GM0399',
  },
  {
    name: 'Den Helder',
    vrCode: 'VR10',
    gemcode: 'GM0400',
  },
  {
    name: 'Hellendoorn',
    vrCode: 'VR05',
    gemcode: 'GM0163',
  },
  {
    name: 'Helmond',
    vrCode: 'VR22',
    gemcode: 'GM0794',
  },
  {
    name: 'Hendrik-Ido-Ambacht',
    vrCode: 'VR18',
    gemcode: 'GM0531',
  },
  {
    name: 'Hengelo (O.)',
    vrCode: 'VR05',
    gemcode: 'GM0164',
  },
  {
    name: "'s-Hertogenbosch",
    vrCode: 'VR21',
    gemcode: 'GM0796',
    displayName: 'Den Bosch',
    searchTerms: ['Den Bosch'],
  },
  {
    name: 'Heumen',
    vrCode: 'VR08',
    gemcode: 'GM0252',
  },
  {
    name: 'Heusden',
    vrCode: 'VR21',
    gemcode: 'GM0797',
  },
  {
    name: 'Hillegom',
    vrCode: 'VR16',
    gemcode: 'GM0534',
  },
  {
    name: 'Hilvarenbeek',
    vrCode: 'VR20',
    gemcode: 'GM0798',
  },
  {
    name: 'Hilversum',
    vrCode: 'VR14',
    gemcode: 'GM0402',
  },
  {
    name: 'Hoeksche Waard',
    vrCode: 'VR18',
    gemcode: 'GM1963',
  },
  {
    name: 'Hof van Twente',
    vrCode: 'VR05',
    gemcode: 'GM1735',
  },
  {
    name: 'Het Hogeland',
    vrCode: 'VR01',
    gemcode: 'GM1966',
  },
  {
    name: 'Hollands Kroon',
    vrCode: 'VR10',
    gemcode: 'GM1911',
  },
  {
    name: 'Hoogeveen',
    vrCode: 'VR03',
    gemcode: 'GM0118',
  },
  {
    name: 'Hoorn',
    vrCode: 'VR10',
    gemcode: 'GM0405',
  },
  {
    name: 'Horst aan de Maas',
    vrCode: 'VR23',
    gemcode: 'GM1507',
  },
  {
    name: 'Houten',
    vrCode: 'VR09',
    gemcode: 'GM0321',
  },
  {
    name: 'Huizen',
    vrCode: 'VR14',
    gemcode: 'GM0406',
  },
  {
    name: 'Hulst',
    vrCode: 'VR19',
    gemcode: 'GM0677',
  },
  {
    name: 'IJsselstein',
    vrCode: 'VR09',
    gemcode: 'GM0353',
  },
  {
    name: 'Kaag en Braassem',
    vrCode: 'VR16',
    gemcode: 'GM1884',
  },
  {
    name: 'Kampen',
    vrCode: 'VR04',
    gemcode: 'GM0166',
  },
  {
    name: 'Kapelle',
    vrCode: 'VR19',
    gemcode: 'GM0678',
  },
  {
    name: 'Katwijk',
    vrCode: 'VR16',
    gemcode: 'GM0537',
  },
  {
    name: 'Kerkrade',
    vrCode: 'VR24',
    gemcode: 'GM0928',
  },
  {
    name: 'Koggenland',
    vrCode: 'VR10',
    gemcode: 'GM1598',
  },
  {
    name: 'Krimpen aan den IJssel',
    vrCode: 'VR17',
    gemcode: 'GM0542',
  },
  {
    name: 'Krimpenerwaard',
    vrCode: 'VR16',
    gemcode: 'GM1931',
  },
  {
    name: 'Laarbeek',
    vrCode: 'VR22',
    gemcode: 'GM1659',
  },
  {
    name: 'Landgraaf',
    vrCode: 'VR24',
    gemcode: 'GM0882',
  },
  {
    name: 'Landsmeer',
    vrCode: 'VR11',
    gemcode: 'GM0415',
  },
  {
    name: 'Land van Cuijk',
    vrCode: 'VR21',
    gemcode: 'GM1982',
  },
  {
    name: 'Lansingerland',
    vrCode: 'VR17',
    gemcode: 'GM1621',
  },
  {
    name: 'Laren (NH.)',
    vrCode: 'VR14',
    gemcode: 'GM0417',
  },
  {
    name: 'Leeuwarden',
    vrCode: 'VR02',
    gemcode: 'GM0080',
  },
  {
    name: 'Leiden',
    vrCode: 'VR16',
    gemcode: 'GM0546',
  },
  {
    name: 'Leiderdorp',
    vrCode: 'VR16',
    gemcode: 'GM0547',
  },
  {
    name: 'Leidschendam-Voorburg',
    vrCode: 'VR15',
    gemcode: 'GM1916',
  },
  {
    name: 'Lelystad',
    vrCode: 'VR25',
    gemcode: 'GM0995',
  },
  {
    name: 'Leudal',
    vrCode: 'VR23',
    gemcode: 'GM1640',
  },
  {
    name: 'Leusden',
    vrCode: 'VR09',
    gemcode: 'GM0327',
  },
  {
    name: 'Lingewaard',
    vrCode: 'VR07',
    gemcode: 'GM1705',
  },
  {
    name: 'Lisse',
    vrCode: 'VR16',
    gemcode: 'GM0553',
  },
  {
    name: 'Lochem',
    vrCode: 'VR06',
    gemcode: 'GM0262',
  },
  {
    name: 'Loon op Zand',
    vrCode: 'VR20',
    gemcode: 'GM0809',
  },
  {
    name: 'Lopik',
    vrCode: 'VR09',
    gemcode: 'GM0331',
  },
  {
    name: 'Losser',
    vrCode: 'VR05',
    gemcode: 'GM0168',
  },
  {
    name: 'Maasdriel',
    vrCode: 'VR08',
    gemcode: 'GM0263',
  },
  {
    name: 'Maasgouw',
    vrCode: 'VR23',
    gemcode: 'GM1641',
  },
  {
    name: 'Maashorst',
    vrCode: 'VR21',
    gemcode: 'GM1991',
  },
  {
    name: 'Maassluis',
    vrCode: 'VR17',
    gemcode: 'GM0556',
  },
  {
    name: 'Maastricht',
    vrCode: 'VR24',
    gemcode: 'GM0935',
  },
  {
    name: 'Medemblik',
    vrCode: 'VR10',
    gemcode: 'GM0420',
  },
  {
    name: 'Meerssen',
    vrCode: 'VR24',
    gemcode: 'GM0938',
  },
  {
    name: 'Meierijstad',
    vrCode: 'VR21',
    gemcode: 'GM1948',
  },
  {
    name: 'Meppel',
    vrCode: 'VR03',
    gemcode: 'GM0119',
  },
  {
    name: 'Middelburg (Z.)',
    vrCode: 'VR19',
    gemcode: 'GM0687',
  },
  {
    name: 'Midden-Delfland',
    vrCode: 'VR15',
    gemcode: 'GM1842',
  },
  {
    name: 'Midden-Drenthe',
    vrCode: 'VR03',
    gemcode: 'GM1731',
  },
  {
    name: 'Midden-Groningen',
    vrCode: 'VR01',
    gemcode: 'GM1952',
  },
  {
    name: 'Moerdijk',
    vrCode: 'VR20',
    gemcode: 'GM1709',
  },
  {
    name: 'Molenlanden',
    vrCode: 'VR18',
    gemcode: 'GM1978',
  },
  {
    name: 'Montferland',
    vrCode: 'VR06',
    gemcode: 'GM1955',
  },
  {
    name: 'Montfoort',
    vrCode: 'VR09',
    gemcode: 'GM0335',
  },
  {
    name: 'Mook en Middelaar',
    vrCode: 'VR23',
    gemcode: 'GM0944',
  },
  {
    name: 'Neder-Betuwe',
    vrCode: 'VR08',
    gemcode: 'GM1740',
  },
  {
    name: 'Nederweert',
    vrCode: 'VR23',
    gemcode: 'GM0946',
  },
  {
    name: 'Nieuwegein',
    vrCode: 'VR09',
    gemcode: 'GM0356',
  },
  {
    name: 'Nieuwkoop',
    vrCode: 'VR16',
    gemcode: 'GM0569',
  },
  {
    name: 'Nijkerk',
    vrCode: 'VR07',
    gemcode: 'GM0267',
  },
  {
    name: 'Nijmegen',
    vrCode: 'VR08',
    gemcode: 'GM0268',
  },
  {
    name: 'Nissewaard',
    vrCode: 'VR17',
    gemcode: 'GM1930',
  },
  {
    name: 'Noardeast-Fryslân',
    vrCode: 'VR02',
    gemcode: 'GM1970',
    searchTerms: ['Noordoost-Friesland'],
  },
  {
    name: 'Noord-Beveland',
    vrCode: 'VR19',
    gemcode: 'GM1695',
  },
  {
    name: 'Noordenveld',
    vrCode: 'VR03',
    gemcode: 'GM1699',
  },
  {
    name: 'Noordoostpolder',
    vrCode: 'VR25',
    gemcode: 'GM0171',
  },
  {
    name: 'Noordwijk',
    vrCode: 'VR16',
    gemcode: 'GM0575',
  },
  {
    name: 'Nuenen, Gerwen en Nederwetten',
    vrCode: 'VR22',
    gemcode: 'GM0820',
  },
  {
    name: 'Nunspeet',
    vrCode: 'VR06',
    gemcode: 'GM0302',
  },
  {
    name: 'Oegstgeest',
    vrCode: 'VR16',
    gemcode: 'GM0579',
  },
  {
    name: 'Oirschot',
    vrCode: 'VR22',
    gemcode: 'GM0823',
  },
  {
    name: 'Oisterwijk',
    vrCode: 'VR20',
    gemcode: 'GM0824',
  },
  {
    name: 'Oldambt',
    vrCode: 'VR01',
    gemcode: 'GM1895',
  },
  {
    name: 'Oldebroek',
    vrCode: 'VR06',
    gemcode: 'GM0269',
  },
  {
    name: 'Oldenzaal',
    vrCode: 'VR05',
    gemcode: 'GM0173',
  },
  {
    name: 'Olst-Wijhe',
    vrCode: 'VR04',
    gemcode: 'GM1773',
  },
  {
    name: 'Ommen',
    vrCode: 'VR04',
    gemcode: 'GM0175',
  },
  {
    name: 'Oost Gelre',
    vrCode: 'VR06',
    gemcode: 'GM1586',
  },
  {
    name: 'Oosterhout',
    vrCode: 'VR20',
    gemcode: 'GM0826',
  },
  {
    name: 'Ooststellingwerf',
    vrCode: 'VR02',
    gemcode: 'GM0085',
  },
  {
    name: 'Oostzaan',
    vrCode: 'VR11',
    gemcode: 'GM0431',
  },
  {
    name: 'Opmeer',
    vrCode: 'VR10',
    gemcode: 'GM0432',
  },
  {
    name: 'Opsterland',
    vrCode: 'VR02',
    gemcode: 'GM0086',
  },
  {
    name: 'Oss',
    vrCode: 'VR21',
    gemcode: 'GM0828',
  },
  {
    name: 'Oude IJsselstreek',
    vrCode: 'VR06',
    gemcode: 'GM1509',
  },
  {
    name: 'Ouder-Amstel',
    vrCode: 'VR13',
    gemcode: 'GM0437',
  },
  {
    name: 'Oudewater',
    vrCode: 'VR09',
    gemcode: 'GM0589',
  },
  {
    name: 'Overbetuwe',
    vrCode: 'VR07',
    gemcode: 'GM1734',
  },
  {
    name: 'Papendrecht',
    vrCode: 'VR18',
    gemcode: 'GM0590',
  },
  {
    name: 'Peel en Maas',
    vrCode: 'VR23',
    gemcode: 'GM1894',
  },
  {
    name: 'Pekela',
    vrCode: 'VR01',
    gemcode: 'GM0765',
  },
  {
    name: 'Pijnacker-Nootdorp',
    vrCode: 'VR15',
    gemcode: 'GM1926',
  },
  {
    name: 'Purmerend',
    vrCode: 'VR11',
    gemcode: 'GM0439',
  },
  {
    name: 'Putten',
    vrCode: 'VR06',
    gemcode: 'GM0273',
  },
  {
    name: 'Raalte',
    vrCode: 'VR04',
    gemcode: 'GM0177',
  },
  {
    name: 'Reimerswaal',
    vrCode: 'VR19',
    gemcode: 'GM0703',
  },
  {
    name: 'Renkum',
    vrCode: 'VR07',
    gemcode: 'GM0274',
  },
  {
    name: 'Renswoude',
    vrCode: 'VR09',
    gemcode: 'GM0339',
  },
  {
    name: 'Reusel-De Mierden',
    vrCode: 'VR22',
    gemcode: 'GM1667',
  },
  {
    name: 'Rheden',
    vrCode: 'VR07',
    gemcode: 'GM0275',
  },
  {
    name: 'Rhenen',
    vrCode: 'VR09',
    gemcode: 'GM0340',
  },
  {
    name: 'Ridderkerk',
    vrCode: 'VR17',
    gemcode: 'GM0597',
  },
  {
    name: 'Rijssen-Holten',
    vrCode: 'VR05',
    gemcode: 'GM1742',
  },
  {
    name: 'Rijswijk (ZH.)',
    vrCode: 'VR15',
    gemcode: 'GM0603',
  },
  {
    name: 'Roerdalen',
    vrCode: 'VR23',
    gemcode: 'GM1669',
  },
  {
    name: 'Roermond',
    vrCode: 'VR23',
    gemcode: 'GM0957',
  },
  {
    name: 'De Ronde Venen',
    vrCode: 'VR09',
    gemcode: 'GM0736',
  },
  {
    name: 'Roosendaal',
    vrCode: 'VR20',
    gemcode: 'GM1674',
  },
  {
    name: 'Rotterdam',
    vrCode: 'VR17',
    gemcode: 'GM0599',
    searchTerms: ['Roffa'],
  },
  {
    name: 'Rozendaal',
    vrCode: 'VR07',
    gemcode: 'GM0277',
  },
  {
    name: 'Rucphen',
    vrCode: 'VR20',
    gemcode: 'GM0840',
  },
  {
    name: 'Schagen',
    vrCode: 'VR10',
    gemcode: 'GM0441',
  },
  {
    name: 'Scherpenzeel',
    vrCode: 'VR07',
    gemcode: 'GM0279',
  },
  {
    name: 'Schiedam',
    vrCode: 'VR17',
    gemcode: 'GM0606',
  },
  {
    name: 'Schiermonnikoog',
    vrCode: 'VR02',
    gemcode: 'GM0088',
  },
  {
    name: 'Schouwen-Duiveland',
    vrCode: 'VR19',
    gemcode: 'GM1676',
  },
  {
    name: 'Simpelveld',
    vrCode: 'VR24',
    gemcode: 'GM0965',
  },
  {
    name: 'Sint-Michielsgestel',
    vrCode: 'VR21',
    gemcode: 'GM0845',
  },
  {
    name: 'Sittard-Geleen',
    vrCode: 'VR24',
    gemcode: 'GM1883',
  },
  {
    name: 'Sliedrecht',
    vrCode: 'VR18',
    gemcode: 'GM0610',
  },
  {
    name: 'Sluis',
    vrCode: 'VR19',
    gemcode: 'GM1714',
  },
  {
    name: 'Smallingerland',
    vrCode: 'VR02',
    gemcode: 'GM0090',
  },
  {
    name: 'Soest',
    vrCode: 'VR09',
    gemcode: 'GM0342',
  },
  {
    name: 'Someren',
    vrCode: 'VR22',
    gemcode: 'GM0847',
  },
  {
    name: 'Son en Breugel',
    vrCode: 'VR22',
    gemcode: 'GM0848',
  },
  {
    name: 'Stadskanaal',
    vrCode: 'VR01',
    gemcode: 'GM0037',
  },
  {
    name: 'Staphorst',
    vrCode: 'VR04',
    gemcode: 'GM0180',
  },
  {
    name: 'Stede Broec',
    vrCode: 'VR10',
    gemcode: 'GM0532',
  },
  {
    name: 'Steenbergen',
    vrCode: 'VR20',
    gemcode: 'GM0851',
  },
  {
    name: 'Steenwijkerland',
    vrCode: 'VR04',
    gemcode: 'GM1708',
  },
  {
    name: 'Stein (L.)',
    vrCode: 'VR24',
    gemcode: 'GM0971',
  },
  {
    name: 'Stichtse Vecht',
    vrCode: 'VR09',
    gemcode: 'GM1904',
  },
  {
    name: 'Súdwest-Fryslân',
    vrCode: 'VR02',
    gemcode: 'GM1900',
    searchTerms: ['Zuidwest-Friesland'],
  },
  {
    name: 'Terneuzen',
    vrCode: 'VR19',
    gemcode: 'GM0715',
  },
  {
    name: 'Terschelling',
    vrCode: 'VR02',
    gemcode: 'GM0093',
  },
  {
    name: 'Texel',
    vrCode: 'VR10',
    gemcode: 'GM0448',
  },
  {
    name: 'Teylingen',
    vrCode: 'VR16',
    gemcode: 'GM1525',
  },
  {
    name: 'Tholen',
    vrCode: 'VR19',
    gemcode: 'GM0716',
  },
  {
    name: 'Tiel',
    vrCode: 'VR08',
    gemcode: 'GM0281',
  },
  {
    name: 'Tilburg',
    vrCode: 'VR20',
    gemcode: 'GM0855',
    searchTerms: ['Tilly', 'Chillburg'],
  },
  {
    name: 'Tubbergen',
    vrCode: 'VR05',
    gemcode: 'GM0183',
  },
  {
    name: 'Twenterand',
    vrCode: 'VR05',
    gemcode: 'GM1700',
  },
  {
    name: 'Tynaarlo',
    vrCode: 'VR03',
    gemcode: 'GM1730',
  },
  {
    name: 'Tytsjerksteradiel',
    vrCode: 'VR02',
    gemcode: 'GM0737',
    searchTerms: ['Tietjerksteradeel'],
  },
  {
    name: 'Uitgeest',
    vrCode: 'VR12',
    gemcode: 'GM0450',
  },
  {
    name: 'Uithoorn',
    vrCode: 'VR13',
    gemcode: 'GM0451',
  },
  {
    name: 'Urk',
    vrCode: 'VR25',
    gemcode: 'GM0184',
  },
  {
    name: 'Utrecht',
    vrCode: 'VR09',
    gemcode: 'GM0344',
    searchTerms: ['Utca'],
  },
  {
    name: 'Utrechtse Heuvelrug',
    vrCode: 'VR09',
    gemcode: 'GM1581',
  },
  {
    name: 'Vaals',
    vrCode: 'VR24',
    gemcode: 'GM0981',
  },
  {
    name: 'Valkenburg aan de Geul',
    vrCode: 'VR24',
    gemcode: 'GM0994',
  },
  {
    name: 'Valkenswaard',
    vrCode: 'VR22',
    gemcode: 'GM0858',
  },
  {
    name: 'Veendam',
    vrCode: 'VR01',
    gemcode: 'GM0047',
  },
  {
    name: 'Veenendaal',
    vrCode: 'VR09',
    gemcode: 'GM0345',
  },
  {
    name: 'Veere',
    vrCode: 'VR19',
    gemcode: 'GM0717',
  },
  {
    name: 'Veldhoven',
    vrCode: 'VR22',
    gemcode: 'GM0861',
  },
  {
    name: 'Velsen',
    vrCode: 'VR12',
    gemcode: 'GM0453',
  },
  {
    name: 'Venlo',
    vrCode: 'VR23',
    gemcode: 'GM0983',
  },
  {
    name: 'Venray',
    vrCode: 'VR23',
    gemcode: 'GM0984',
  },
  {
    name: 'Vijfheerenlanden',
    vrCode: 'VR09',
    gemcode: 'GM1961',
  },
  {
    name: 'Vlaardingen',
    vrCode: 'VR17',
    gemcode: 'GM0622',
  },
  {
    name: 'Vlieland',
    vrCode: 'VR02',
    gemcode: 'GM0096',
  },
  {
    name: 'Vlissingen',
    vrCode: 'VR19',
    gemcode: 'GM0718',
  },
  {
    name: 'Voerendaal',
    vrCode: 'VR24',
    gemcode: 'GM0986',
  },
  {
    name: 'Voorschoten',
    vrCode: 'VR16',
    gemcode: 'GM0626',
  },
  {
    name: 'Voorst',
    vrCode: 'VR06',
    gemcode: 'GM0285',
  },
  {
    name: 'Vught',
    vrCode: 'VR21',
    gemcode: 'GM0865',
  },
  {
    name: 'Waadhoeke',
    vrCode: 'VR02',
    gemcode: 'GM1949',
  },
  {
    name: 'Waalre',
    vrCode: 'VR22',
    gemcode: 'GM0866',
  },
  {
    name: 'Waalwijk',
    vrCode: 'VR20',
    gemcode: 'GM0867',
  },
  {
    name: 'Waddinxveen',
    vrCode: 'VR16',
    gemcode: 'GM0627',
  },
  {
    name: 'Wageningen',
    vrCode: 'VR07',
    gemcode: 'GM0289',
  },
  {
    name: 'Wassenaar',
    vrCode: 'VR15',
    gemcode: 'GM0629',
  },
  {
    name: 'Waterland',
    vrCode: 'VR11',
    gemcode: 'GM0852',
  },
  {
    name: 'Weert',
    vrCode: 'VR23',
    gemcode: 'GM0988',
  },
  {
    name: 'West Betuwe',
    vrCode: 'VR08',
    gemcode: 'GM1960',
  },
  {
    name: 'West Maas en Waal',
    vrCode: 'VR08',
    gemcode: 'GM0668',
  },
  {
    name: 'Westerkwartier',
    vrCode: 'VR01',
    gemcode: 'GM1969',
  },
  {
    name: 'Westerveld',
    vrCode: 'VR03',
    gemcode: 'GM1701',
  },
  {
    name: 'Westervoort',
    vrCode: 'VR07',
    gemcode: 'GM0293',
  },
  {
    name: 'Westerwolde',
    vrCode: 'VR01',
    gemcode: 'GM1950',
  },
  {
    name: 'Westland',
    vrCode: 'VR15',
    gemcode: 'GM1783',
  },
  {
    name: 'Weststellingwerf',
    vrCode: 'VR02',
    gemcode: 'GM0098',
  },
  {
    name: 'Voorne aan Zee',
    vrCode: 'VR17',
    gemcode: 'GM1992',
  },
  {
    name: 'Wierden',
    vrCode: 'VR05',
    gemcode: 'GM0189',
  },
  {
    name: 'Wijchen',
    vrCode: 'VR08',
    gemcode: 'GM0296',
  },
  {
    name: 'Wijdemeren',
    vrCode: 'VR14',
    gemcode: 'GM1696',
  },
  {
    name: 'Wijk bij Duurstede',
    vrCode: 'VR09',
    gemcode: 'GM0352',
  },
  {
    name: 'Winterswijk',
    vrCode: 'VR06',
    gemcode: 'GM0294',
  },
  {
    name: 'Woensdrecht',
    vrCode: 'VR20',
    gemcode: 'GM0873',
  },
  {
    name: 'Woerden',
    vrCode: 'VR09',
    gemcode: 'GM0632',
  },
  {
    name: 'De Wolden',
    vrCode: 'VR03',
    gemcode: 'GM1690',
  },
  {
    name: 'Wormerland',
    vrCode: 'VR11',
    gemcode: 'GM0880',
  },
  {
    name: 'Woudenberg',
    vrCode: 'VR09',
    gemcode: 'GM0351',
  },
  {
    name: 'Zaanstad',
    vrCode: 'VR11',
    gemcode: 'GM0479',
  },
  {
    name: 'Zaltbommel',
    vrCode: 'VR08',
    gemcode: 'GM0297',
  },
  {
    name: 'Zandvoort',
    vrCode: 'VR12',
    gemcode: 'GM0473',
  },
  {
    name: 'Zeewolde',
    vrCode: 'VR25',
    gemcode: 'GM0050',
  },
  {
    name: 'Zeist',
    vrCode: 'VR09',
    gemcode: 'GM0355',
  },
  {
    name: 'Zevenaar',
    vrCode: 'VR07',
    gemcode: 'GM0299',
  },
  {
    name: 'Zoetermeer',
    vrCode: 'VR15',
    gemcode: 'GM0637',
  },
  {
    name: 'Zoeterwoude',
    vrCode: 'VR16',
    gemcode: 'GM0638',
  },
  {
    name: 'Zuidplas',
    vrCode: 'VR16',
    gemcode: 'GM1892',
  },
  {
    name: 'Zundert',
    vrCode: 'VR20',
    gemcode: 'GM0879',
  },
  {
    name: 'Zutphen',
    vrCode: 'VR06',
    gemcode: 'GM0301',
  },
  {
    name: 'Zwartewaterland',
    vrCode: 'VR04',
    gemcode: 'GM1896',
  },
  {
    name: 'Zwijndrecht',
    vrCode: 'VR18',
    gemcode: 'GM0642',
  },
  {
    name: 'Zwolle',
    vrCode: 'VR04',
    gemcode: 'GM0193',
  },
];
