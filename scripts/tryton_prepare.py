#!/usr/bin/python3
"""Prepares a fresh Tryton 6.0 database as the back office fbaflow posts into (scripts/tryton.sh).

Test and demo tooling, not the product: it runs once per seed, marketplace and SKU count, and
scripts/tryton.sh copies the prepared SQLite file for every server it starts.

What it creates (docs/erp.md says where a person sees each):
  - the modules sale, stock and account_invoice, activated;
  - the company "fbaflow Demo Seller" in the marketplace's currency, and the currencies of every
    marketplace (at rate 1: the demo books are not multi-currency);
  - fiscal years for last year and this year, with monthly periods;
  - Tryton's minimal chart of accounts, plus one account per code that rules/*.toml name (read
    from the rule files, so a renamed code is renamed here too), clearing, suspense and rollover
    included;
  - the account journal "Amazon" (code AMZ) that settlement journals post in;
  - the warehouses "Own warehouse" (code WH) and "Amazon FBA" (code FBA);
  - a customer party per marketplace (code AMAZON-US, AMAZON-UK, AMAZON-DE) with an invoice
    address;
  - a product per catalogue SKU whose reach is "exact" or "alias", coded with its ERP item code;
    "missing" SKUs are deliberately absent.
Sales are invoiced manually: the settlement journal, not a sale invoice, books the revenue.

Usage: tryton_prepare.py --config CONF --database NAME --catalogue FILE --rules DIR
"""
import argparse
import datetime
import json
import os
import pathlib
import sys
import tomllib
from decimal import Decimal

CURRENCIES = {
    'US': ('USD', 'U.S. Dollar', '$'),
    'UK': ('GBP', 'Pound Sterling', '£'),
    'DE': ('EUR', 'Euro', '€'),
}
COUNTRY_NAMES = {'US': 'Amazon.com', 'UK': 'Amazon.co.uk', 'DE': 'Amazon.de'}


def rule_accounts(rules_dir):
    """{code: (name, type)} from every rule set's [accounts] table."""
    accounts = {}
    for path in sorted(pathlib.Path(rules_dir).glob('*.toml')):
        with open(path, 'rb') as f:
            rules = tomllib.load(f)
        for name, spec in rules.get('accounts', {}).items():
            code = str(spec['code'])
            if code in accounts and accounts[code][1] != spec['type']:
                sys.exit(f'tryton_prepare: account {code} has two types in {rules_dir}')
            if code in accounts and accounts[code][0] != name:
                # One code, two names across rule sets (e.g. sales tax and VAT): one account.
                accounts[code] = (f'{accounts[code][0]} / {name}', spec['type'])
            else:
                accounts.setdefault(code, (name, spec['type']))
    if not accounts:
        sys.exit(f'tryton_prepare: no [accounts] in {rules_dir}/*.toml')
    return accounts


def activate(names):
    from proteus import Model, Wizard
    Module = Model.get('ir.module')
    modules = Module.find([('name', 'in', names)])
    if len(modules) != len(names):
        sys.exit(f'tryton_prepare: modules missing: {names}')
    Module.click(modules, 'activate')
    Wizard('ir.module.activate_upgrade').execute('upgrade')


def currency(code, name, symbol):
    from proteus import Model
    Currency = Model.get('currency.currency')
    found = Currency.find([('code', '=', code)])
    if found:
        return found[0]
    c = Currency(name=name, symbol=symbol, code=code, rounding=Decimal('0.01'), digits=2)
    c.rates.new(date=datetime.date(1970, 1, 1), rate=Decimal(1))
    c.save()
    return c


def fiscal_years(company, today):
    from proteus import Model
    from trytond.modules.account.tests.tools import create_fiscalyear
    from trytond.modules.account_invoice.tests.tools import set_fiscalyear_invoice_sequences
    for year in (today.year - 1, today.year):
        fy = set_fiscalyear_invoice_sequences(
            create_fiscalyear(company, today=datetime.date(year, 6, 1)))
        fy.save()
        fy.click('create_period')


def account_type(company, kind):
    from proteus import Model
    Type = Model.get('account.account.type')
    domain = {
        'asset': [('statement', '=', 'balance'), ('assets', '=', True), ('receivable', '=', False),
                  ('payable', '=', False), ('stock', '=', False)],
        'liability': [('statement', '=', 'balance'), ('assets', '=', False),
                      ('receivable', '=', False), ('payable', '=', False)],
        'equity': [('statement', '=', 'balance'), ('assets', '=', False),
                   ('receivable', '=', False), ('payable', '=', False)],
        'revenue': [('revenue', '=', True)],
        'expense': [('expense', '=', True)],
    }[kind]
    found = Type.find(domain + [('company', '=', company.id)], order=[('sequence', 'DESC')])
    # The leaf types (no children) hold accounts; take the most specific one.
    leaves = [t for t in found if not t.childs]
    if not leaves:
        sys.exit(f'tryton_prepare: no account type for {kind}')
    return leaves[0]


def chart(company, rules_dir):
    from proteus import Model
    from trytond.modules.account.tests.tools import create_chart
    create_chart(company)
    Account = Model.get('account.account')
    root, = Account.find([('parent', '=', None), ('company', '=', company.id)])
    accounts = []
    for code, (name, kind) in sorted(rule_accounts(rules_dir).items()):
        accounts.append(Account(name=name, code=code, parent=root, type=account_type(company, kind),
                                company=company))
    Account.save(accounts)
    return len(accounts)


def journal():
    from proteus import Model
    Journal = Model.get('account.journal')
    Sequence = Model.get('ir.sequence')
    SequenceType = Model.get('ir.sequence.type')
    seq_type, = SequenceType.find([('name', '=', 'Account Journal')])
    seq = Sequence(name='Amazon', sequence_type=seq_type)
    seq.save()
    Journal(name='Amazon', code='AMZ', type='general', sequence=seq).save()


def warehouses():
    from proteus import Model
    Location = Model.get('stock.location')
    own, = Location.find([('type', '=', 'warehouse'), ('code', '=', 'WH')])
    own.name = 'Own warehouse'
    own.save()
    parts = {}
    for role in ('Input', 'Output', 'Storage'):
        parts[role] = Location(name=f'FBA {role}', type='storage')
    Location.save(list(parts.values()))
    fba = Location(name='Amazon FBA', code='FBA', type='warehouse', input_location=parts['Input'],
                   output_location=parts['Output'], storage_location=parts['Storage'])
    fba.save()
    for part in parts.values():
        part.parent = fba
    Location.save(list(parts.values()))


def customers():
    from proteus import Model
    Party = Model.get('party.party')
    Country = Model.get('country.country')
    parties = []
    for marketplace, site in COUNTRY_NAMES.items():
        p = Party(name=f'{site} customers', code=f'AMAZON-{marketplace}')
        address = p.addresses[0] if p.addresses else p.addresses.new()
        address.name = f'{site} customers'
        address.invoice = True
        address.delivery = True
        parties.append(p)
    Party.save(parties)


def products(catalogue):
    from proteus import Model
    Template = Model.get('product.template')
    Uom = Model.get('product.uom')
    unit, = Uom.find([('name', '=', 'Unit')])
    templates = []
    for sku in catalogue['skus']:
        if sku['reach'] == 'missing':
            continue
        t = Template(name=sku['title'], type='goods', salable=True, default_uom=unit,
                     sale_uom=unit, list_price=Decimal(sku['price']),
                     code=sku['erp_item_code'])
        templates.append(t)
    Template.save(templates)
    return len(templates)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--config', required=True)
    parser.add_argument('--database', required=True)
    parser.add_argument('--catalogue', required=True)
    parser.add_argument('--rules', required=True)
    args = parser.parse_args()
    with open(args.catalogue) as f:
        catalogue = json.load(f)
    os.environ.setdefault('DB_NAME', args.database)

    from proteus import Model, config
    config.set_trytond(args.database, config_file=args.config)
    activate(['sale', 'stock', 'account_invoice', 'account_product'])

    from trytond.modules.company.tests.tools import create_company
    Party = Model.get('party.party')
    for code, name, symbol in CURRENCIES.values():
        currency(code, name, symbol)
    code, name, symbol = CURRENCIES[catalogue['marketplace']]
    company_party = Party(name='fbaflow Demo Seller')
    company_party.save()
    create_company(company_party, currency(code, name, symbol))
    from trytond.modules.company.tests.tools import get_company
    company = get_company()

    fiscal_years(company, datetime.date.today())
    n_accounts = chart(company, args.rules)
    journal()
    warehouses()
    customers()
    SaleConfig = Model.get('sale.configuration')
    sale_config = SaleConfig(1)
    sale_config.sale_invoice_method = 'manual'
    sale_config.sale_shipment_method = 'order'
    sale_config.save()
    n_products = products(catalogue)
    print(f'tryton_prepare: {args.database}: company in {code}, {n_accounts} rule accounts, '
          f'{n_products} products', file=sys.stderr)


if __name__ == '__main__':
    main()
